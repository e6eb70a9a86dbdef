// Package templates embeds the template tree of the generated project: one
// folder per module, rendered when the module is selected. Every file ends
// in .tmpl so that no template is compiled as part of saasgen itself; the
// path segment __name__ becomes the project name.
package templates

import "embed"

// FS holds every template folder.
//
//go:embed all:base all:tenants all:auth all:rbac all:jobs all:ratelimit all:billing all:payments all:resource
var FS embed.FS
