package generator

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// sqlcConfig writes sqlc.yaml: one sql entry per module that has queries,
// whose schema lists only that module's migrations. A query that reaches
// into another module's tables then fails at generate time ("relation does
// not exist"), which keeps module boundaries honest.
func sqlcConfig(proj Project, files map[string]File) File {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n", generatedBy)
	b.WriteString("# One entry per module; each sees only its own migrations.\nversion: \"2\"\nsql:\n")
	for _, m := range proj.ModulesInfo {
		queries := "db/queries/" + m.Name
		var schema []string
		hasQueries := false
		for p, f := range files {
			if f.Module != m.Name {
				continue
			}
			if strings.HasPrefix(p, "db/migrations/") && path.Ext(p) == ".sql" {
				schema = append(schema, p)
			}
			if strings.HasPrefix(p, queries+"/") {
				hasQueries = true
			}
		}
		if !hasQueries {
			continue
		}
		slices.Sort(schema)
		fmt.Fprintf(&b, "  - name: %s\n    engine: postgresql\n    schema:\n", m.Name)
		for _, s := range schema {
			fmt.Fprintf(&b, "      - %s\n", s)
		}
		fmt.Fprintf(&b, "    queries: %s\n", queries)
		fmt.Fprintf(&b, "    gen:\n      go:\n        package: %sdb\n        out: internal/%s/%sdb\n", m.Name, m.Name, m.Name)
		b.WriteString(sqlcGoOptions)
	}
	b.WriteString("  # saasgen:sqlc (saasgen add resource adds each resource's entry above this line)\n")
	return File{Path: "sqlc.yaml", Data: []byte(b.String()), Owned: true}
}

const sqlcGoOptions = `        sql_package: pgx/v5
        emit_empty_slices: true
        emit_json_tags: true
        json_tags_case_style: snake
        overrides:
          - db_type: uuid
            go_type: github.com/google/uuid.UUID
          - db_type: uuid
            nullable: true
            go_type:
              import: github.com/google/uuid
              type: NullUUID
          - db_type: timestamptz
            go_type: time.Time
`
