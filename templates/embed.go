// Package templates embeds the template tree of the generated project: one
// folder per module, rendered when the module is selected. Every file ends
// in .tmpl so that no template is compiled as part of saasgen itself; the
// path segment __name__ becomes the project name.
package templates

import "embed"

// FS holds every template folder (and this file, which no walk reads): a
// new module's folder is embedded without a change here.
//
//go:embed all:*
var FS embed.FS
