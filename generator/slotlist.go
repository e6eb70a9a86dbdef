package generator

// Slots are every slot of the generated project's shared files, grouped
// by file. A module or provider fills one with _slots/NAME.tmpl in its
// template folder (see Slot); TestSlots holds this list and the templates
// to each other.
var Slots = []Slot{
	// .env.example
	{Name: "env.example", File: ".env.example", Doc: "a module's variables with their development values, each group after a blank line and a comment"},
	{Name: "env.example.end", File: ".env.example", Doc: "variables listed after the test settings, each group after a blank line and a comment"},

	// Makefile, Dockerfile, docker-compose.yml, .gitignore
	{Name: "makefile.phony", File: "Makefile", Doc: "a module's targets in .PHONY, each after a space", Inline: true},
	{Name: "makefile.targets", File: "Makefile", Doc: "a module's targets, after run, each after a blank line"},
	{Name: "dockerfile.copy", File: "Dockerfile", Doc: "files the final image needs besides the binary"},
	{Name: "compose.header", File: "docker-compose.yml", Doc: "words naming a module's services in the header comment, after \"and the API\"", Inline: true},
	{Name: "compose.api", File: "docker-compose.yml", Doc: "lines of the api service after its environment: more variables, volumes"},
	{Name: "compose.api.depends", File: "docker-compose.yml", Doc: "services the api depends on"},
	{Name: "compose.services", File: "docker-compose.yml", Doc: "a module's services, each after a blank line"},
	{Name: "compose.worker", File: "docker-compose.yml", Doc: "lines of the jobs worker service after its environment, like compose.api"},
	{Name: "compose.worker.depends", File: "docker-compose.yml", Doc: "services the jobs worker depends on"},
	{Name: "compose.volumes", File: "docker-compose.yml", Doc: "named volumes a module's services mount"},
	{Name: "gitignore", File: ".gitignore", Doc: "files a module writes that stay out of version control"},

	// README.md
	{Name: "readme.layout", File: "README.md", Doc: "lines of the Layout block: a module's packages, one per line"},
	{Name: "readme.commands.processes", File: "README.md", Doc: "lines of the README's command list for commands that run a process, as run.usage.processes lists them"},
	{Name: "readme.commands.operations", File: "README.md", Doc: "lines of the README's command list for one-shot commands, as run.usage.operations lists them"},
	{Name: "readme.commands.admin-tenants", File: "README.md", Doc: "lines of the README's command list for `NAME admin tenants` commands a module adds, as run.usage.admin-tenants lists them"},
	{Name: "readme.env", File: "README.md", Doc: "rows of the Configuration table: a module's variables"},
	{Name: "readme.sections", File: "README.md", Doc: "a module's sections, after Configuration; each ends in a newline that the next one's start may follow"},
	{Name: "readme.plan-source", File: "README.md", Doc: "words naming where tenants' plans come from, after \"comes from plans.Source;\"", Inline: true},
	{Name: "readme.billing", File: "README.md", Doc: "the payment provider's own subsection of Billing"},
	{Name: "readme.billing.signature", File: "README.md", Doc: "how the provider's webhook signature is checked, if not with a 300 s timestamp tolerance"},
	{Name: "readme.jobs.tasks", File: "README.md", Doc: "rows of the jobs section's task table"},
	{Name: "readme.jobs.fan-out", File: "README.md", Doc: "words naming other per-tenant periodic tasks, in the jobs section", Inline: true},
	{Name: "readme.failure", File: "README.md", Doc: "a module's section on what holds when a service fails, after the module sections; it ends in a newline"},
	{Name: "readme.failure.tests", File: "README.md", Doc: "words naming other fault tests, after `internal/app/faults_*_test.go`", Inline: true},
	{Name: "readme.failure.sweepers", File: "README.md", Doc: "the commands that sweep the mail outbox, and the verb (default: `serve` also sweeps)", Inline: true},
	{Name: "readme.failure.effects", File: "README.md", Doc: "bullets of Security under failure's \"Background work has its effects once\""},
	{Name: "readme.failure.tasks", File: "README.md", Doc: "rows of the table of what a kill leaves, per task"},
	{Name: "readme.failure.setup", File: "README.md", Doc: "words on how other fault tests break a service, after \"a TCP proxy the test controls\"", Inline: true},
	{Name: "readme.tests", File: "README.md", Doc: "bullets of The tests: what a module's tests prove"},
	{Name: "readme.resources", File: "README.md", Doc: "sentences on resources a module adds to Adding a resource", Inline: true},
	{Name: "readme.own-module", File: "README.md", Doc: "the section \"Add your own module\": a hand-written module, step by step, as a script the end-to-end test runs"},
	{Name: "readme.owned-files", File: "README.md", Doc: "user-owned files a module writes, each after a comma", Inline: true},

	// docs/BENCHMARKS.md
	{Name: "docs.benchmarks", File: "docs/BENCHMARKS.md", Doc: "a module's benchmark sections, each after a blank line"},
	{Name: "docs.security.payments", File: "docs/SECURITY.md", Doc: "the payment webhook requirements (16 to 19), after a blank line"},
	{Name: "docs.security.jobs", File: "docs/SECURITY.md", Doc: "the background job requirements (24 to 26), after a blank line"},
	{Name: "docs.architecture", File: "docs/ARCHITECTURE.md", Doc: "a module's sections on how it holds together, each after a blank line"},
	{Name: "docs.scaling.single-node", File: "docs/SCALING.md", Doc: "bullets of what a module changes before Citus: each unique index it lists in dbtest.single-node-uniques, and how it holds on Citus"},

	// internal/platform/config/config.go
	{Name: "config.fields", File: "internal/platform/config/config.go", Doc: "fields of Config: a setting, or a module's part of the environment as a struct"},
	{Name: "config.types", File: "internal/platform/config/config.go", Doc: "types of those fields"},
	{Name: "config.schema", File: "internal/platform/config/config.go", Doc: "Schema entries: every variable a module reads, with its default and description"},
	{Name: "config.load", File: "internal/platform/config/config.go", Doc: "statements of Load that fill those fields through get and report through bad"},

	// internal/app/server.go
	{Name: "server.imports.external", File: "internal/app/server.go", Doc: "third-party imports the other server.go snippets need"},
	{Name: "server.imports", File: "internal/app/server.go", Doc: "the project's packages the other server.go snippets need"},
	{Name: "server.deps", File: "internal/app/server.go", Doc: "fields of Deps, the shared resources modules are built from"},
	{Name: "server.open", File: "internal/app/server.go", Doc: "statements of Open that fill those fields (d is the Deps; close it on failure)"},
	{Name: "server.funcs", File: "internal/app/server.go", Doc: "top-level functions that build a module's services from Deps"},
	{Name: "server.auth-deps", File: "internal/app/server.go", Doc: "statements of coreServices that set fields of auth.Deps (deps)"},
	{Name: "server.seat-plan", File: "internal/app/server.go", Doc: "words of seatLimit's comment on where the plan comes from", Inline: true},
	{Name: "server.setup", File: "internal/app/server.go", Doc: "statements at the top of NewServer, before any route"},
	{Name: "server.routes", File: "internal/app/server.go", Doc: "statements of NewServer that build services and mount routes on mux"},
	{Name: "server.auth-options", File: "internal/app/server.go", Doc: "options NewServer passes to coreServices, each starting with a comma", Inline: true},
	{Name: "server.route-deps", File: "internal/app/server.go", Doc: "statements that set fields of routes (httpx.RouteDeps: StepUp) before any module mounts its routes; authSvc is built"},
	{Name: "server.authz-routes", File: "internal/app/server.go", Doc: "statements that mount routes guarded by authz (rbac's authorizer)"},
	{Name: "server.middleware", File: "internal/app/server.go", Doc: "middleware of the chain, between RequestID and Log"},

	// internal/app/run.go
	{Name: "run.imports", File: "internal/app/run.go", Doc: "imports the other run.go snippets need, each group after a blank line"},
	{Name: "run.usage.processes", File: "internal/app/run.go", Doc: "usage lines of commands that run a process, listed after serve"},
	{Name: "run.usage.operations", File: "internal/app/run.go", Doc: "usage lines of one-shot commands, listed after migrate"},
	{Name: "run.commands.processes", File: "internal/app/run.go", Doc: "cases of Run's switch for the commands of run.usage.processes"},
	{Name: "run.commands.operations", File: "internal/app/run.go", Doc: "cases of Run's switch for the commands of run.usage.operations"},
	{Name: "run.usage.admin-tenants", File: "internal/app/run.go", Doc: "usage lines of `NAME admin tenants` commands a module adds, after resume"},

	// internal/app/admin.go (the operator CLI)
	{Name: "admin.tenants.commands", File: "internal/app/admin.go", Doc: "cases of `NAME admin tenants`'s switch for the commands of run.usage.admin-tenants"},
	{Name: "admin.tenants.plans", File: "internal/app/admin.go", Doc: "statements filling plans (tenant id to plan name) for the tenant list and show"},
	{Name: "run.start", File: "internal/app/run.go", Doc: "statements of serve once it listens, before it serves: background work that run.shutdown stops"},
	{Name: "run.shutdown", File: "internal/app/run.go", Doc: "statements of serve's shutdown, after the HTTP server drained (sctx bounds them)"},

	// internal/app/openapi.json
	{Name: "openapi.info", File: "internal/app/openapi.json", Doc: "members of info, each starting with a comma", Inline: true},
	{Name: "openapi.paths", File: "internal/app/openapi.json", Doc: "a module's paths, starting with a comma and a newline", Inline: true},
	{Name: "openapi.schemas", File: "internal/app/openapi.json", Doc: "a module's named schemas (components.schemas), each line starting with a comma and a newline", Inline: true},
	{Name: "openapi.components", File: "internal/app/openapi.json", Doc: "members of components after schemas and responses (securitySchemes), starting with a comma", Inline: true},

	// internal/app/jobs.go: another module's tasks
	{Name: "jobs.register", File: "internal/app/jobs.go", Doc: "statements of newJobs that register a module's tasks with svc (the jobs service; d is the app.Deps)"},

	// plans.yaml, internal/auth/users.go, internal/app/rbac_test.go
	{Name: "plans.doc", File: "plans.yaml", Doc: "lines of the header comment on the keys and behaviour a module adds (default: every tenant on the first plan)"},
	{Name: "plans.plan", File: "plans.yaml", Doc: "keys every plan gets, indented under it"},
	{Name: "plans.plan-limits", File: "plans.yaml", Doc: "count limits every plan's limits get, indented under limits; rendered once per plan, PlanIndex its place (0: the cheapest)"},
	{Name: "plans.limits", File: "internal/plans/plans.go", Doc: "fields of plans.Limits: a module's count limits"},
	{Name: "plans.count-limits", File: "internal/plans/plans.go", Doc: "entries of countLimits reading those fields (Parse checks each value)"},
	{Name: "plans.checks", File: "internal/plans/plans.go", Doc: "statements of Parse checking a plan's module settings beyond a count limit's -1 or more (p is the plan, at its path, bad records a problem)"},
	{Name: "plans.settings", File: "plans.yaml", Doc: "top-level sections a module reads, each after a blank line"},
	{Name: "auth.users", File: "internal/auth/users.go", Doc: "auth.Service methods another module needs"},
	{Name: "rbac-test.plan-reads", File: "internal/app/rbac_test.go", Doc: "words of a comment naming other reads of the plan per request", Inline: true},

	// internal/app/billing_webhook_test.go
	{Name: "billing.webhook-test.suspended", File: "internal/app/billing_webhook_test.go", Doc: "the provider's status for a subscription whose payments keep failing, if not Unpaid"},

	// internal/app/versions_test.go
	{Name: "versions-test.cold-reads", File: "internal/app/versions_test.go", Doc: "statements of TestCachedFactsCarryTheBumpTrigger making the cold requests that read a module's cached facts (in is the instance, owner the signed-up owner)"},

	// internal/platform/dbtest/distributable.go
	{Name: "dbtest.single-node-uniques", File: "internal/platform/dbtest/distributable.go", Doc: "entries \"index name\": \"reason\" for unique indexes of tenant tables that hold across tenants on purpose (docs.scaling.single-node says what replaces them on Citus)"},

	// internal/app/isolation_test.go
	{Name: "isolation.tables", File: "internal/app/isolation_test.go", Doc: "a dbtest.Table case per tenant table a module's migrations create"},

	// internal/app/server_test.go
	{Name: "server-test.imports", File: "internal/app/server_test.go", Doc: "standard-library imports the other server_test.go snippets need"},
	{Name: "server-test.env", File: "internal/app/server_test.go", Doc: "entries of the environment startServer runs serve with"},
}
