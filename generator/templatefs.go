package generator

import (
	"io/fs"

	"github.com/saasgen/saasgen/templates"
)

// templateFS is the template tree every render reads: the embedded one.
// It is a variable so that a test can lay a newer version's templates
// over it (an extra migration, say) and upgrade a project to them.
var templateFS fs.FS = templates.FS
