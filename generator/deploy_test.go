package generator

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"gopkg.in/yaml.v3"
)

// The deployment files (Dockerfile, docker-compose.yml, CI, Makefile,
// .env.example, README) cannot be run here: there is no Docker daemon in a
// test. These tests check them statically against each other and against
// the generated environment schema, so that renaming a variable, a target
// or the binary breaks a test instead of `make up`.

var deployPlan = sync.OnceValues(func() (*Plan, error) {
	spec := DefaultSpec("demo")
	spec.Normalize()
	return Generate(spec)
})

// deployFile returns the generated file at path as text.
func deployFile(t *testing.T, path string) string {
	t.Helper()
	pl, err := deployPlan()
	if err != nil {
		t.Fatalf("generate demo: %v", err)
	}
	f, ok := pl.Lookup(path)
	if !ok {
		t.Fatalf("the generated project has no %s", path)
	}
	return string(f.Data)
}

var schemaNameRE = regexp.MustCompile(`\{Name: "([A-Z][A-Z0-9_]*)"`)

// schemaVars parses the variable names out of the generated config.Schema.
func schemaVars(t *testing.T) []string {
	t.Helper()
	var names []string
	for _, m := range schemaNameRE.FindAllStringSubmatch(deployFile(t, "internal/platform/config/config.go"), -1) {
		names = append(names, m[1])
	}
	// A schema this short means the pattern no longer matches config.go.
	if len(names) < 8 {
		t.Fatalf("found only %v in config.Schema; has the Schema literal changed shape?", names)
	}
	return names
}

// testVars are read by the test harness (internal/platform/dbtest), not by
// the service.
var testVars = []string{"TEST_DATABASE_URL", "TEST_REDIS_URL"}

// optionalTestVars are read by the test harness when set; .env.example
// shows them commented out.
var optionalTestVars = []string{"TEST_POOLER_URL", "TEST_REPLICA_URL"}

type composeFile struct {
	Name     string                    `yaml:"name"`
	Services map[string]composeService `yaml:"services"`
	Volumes  map[string]any            `yaml:"volumes"`
}

// composeService declares every key the template uses: decoding with
// KnownFields turns a misspelt key (depend_on) into a test failure instead
// of a silently ignored setting.
type composeService struct {
	Image           string                       `yaml:"image"`
	Build           string                       `yaml:"build"`
	PullPolicy      string                       `yaml:"pull_policy"`
	Command         []string                     `yaml:"command"`
	Environment     map[string]string            `yaml:"environment"`
	DependsOn       map[string]composeDependency `yaml:"depends_on"`
	Healthcheck     *composeHealthcheck          `yaml:"healthcheck"`
	Ports           []string                     `yaml:"ports"`
	Volumes         []string                     `yaml:"volumes"`
	Restart         string                       `yaml:"restart"`
	StopGracePeriod string                       `yaml:"stop_grace_period"`
}

type composeDependency struct {
	Condition string `yaml:"condition"`
}

type composeHealthcheck struct {
	Test        []string `yaml:"test"`
	Interval    string   `yaml:"interval"`
	Timeout     string   `yaml:"timeout"`
	Retries     int      `yaml:"retries"`
	StartPeriod string   `yaml:"start_period"`
}

func parseCompose(t *testing.T) composeFile {
	t.Helper()
	dec := yaml.NewDecoder(strings.NewReader(deployFile(t, "docker-compose.yml")))
	dec.KnownFields(true)
	var c composeFile
	if err := dec.Decode(&c); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	return c
}

func TestDeployCompose(t *testing.T) {
	c := parseCompose(t)
	var names []string
	for n := range c.Services {
		names = append(names, n)
	}
	slices.Sort(names)
	// mailpit comes with the auth module, which is core; worker with jobs.
	if want := []string{"api", "mailpit", "migrate", "postgres", "redis", "worker"}; !slices.Equal(names, want) {
		t.Fatalf("services %v, want %v", names, want)
	}
	for _, n := range []string{"postgres", "redis", "api", "worker"} {
		if hc := c.Services[n].Healthcheck; hc == nil || len(hc.Test) < 2 {
			t.Errorf("service %s has no healthcheck", n)
		}
	}
	if hc := c.Services["postgres"].Healthcheck; hc != nil && !slices.Contains(hc.Test, "pg_isready") {
		t.Errorf("postgres healthcheck %q does not run pg_isready", hc.Test)
	}
	if hc := c.Services["redis"].Healthcheck; hc != nil && !strings.Contains(strings.Join(hc.Test, " "), "redis-cli ping") {
		t.Errorf("redis healthcheck %q does not run redis-cli ping", hc.Test)
	}

	dependsOn := func(svc, on, condition string) {
		t.Helper()
		if got := c.Services[svc].DependsOn[on].Condition; got != condition {
			t.Errorf("%s depends on %s with condition %q, want %q", svc, on, got, condition)
		}
	}
	dependsOn("migrate", "postgres", "service_healthy")
	dependsOn("api", "migrate", "service_completed_successfully")
	dependsOn("api", "redis", "service_healthy")
	dependsOn("worker", "migrate", "service_completed_successfully")
	dependsOn("worker", "redis", "service_healthy")
	if w := c.Services["worker"]; !slices.Equal(w.Command, []string{"worker"}) {
		t.Errorf("worker command %q: want [worker]", w.Command)
	}
	// One image, built once: migrate builds it (it runs first), and the
	// other processes of the project run it, never building or pulling
	// their own copy.
	image := c.Services["migrate"].Image
	if image == "" || c.Services["migrate"].Build != "." {
		t.Errorf("migrate image %q build %q: want the project's image, built from .", image, c.Services["migrate"].Build)
	}
	for _, n := range []string{"api", "worker"} {
		s := c.Services[n]
		if s.Image != image || s.Build != "" || s.PullPolicy != "never" {
			t.Errorf("service %s: image %q build %q pull_policy %q; want image %q (migrate's), no build, pull_policy never", n, s.Image, s.Build, s.PullPolicy, image)
		}
	}

	migrate, api := c.Services["migrate"], c.Services["api"]
	if !slices.Equal(migrate.Command, []string{"migrate", "up"}) {
		t.Errorf("migrate command %q, want [migrate up]", migrate.Command)
	}
	if migrate.Restart != "no" {
		t.Errorf("migrate restart %q, want \"no\": it is a one-shot job", migrate.Restart)
	}
	if !slices.Equal(api.Command, []string{"serve"}) {
		t.Errorf("api command %q, want [serve]", api.Command)
	}
	if !slices.ContainsFunc(api.Ports, func(p string) bool { return strings.HasSuffix(p, "8080:8080") }) {
		t.Errorf("api ports %q do not publish 8080", api.Ports)
	}
	if api.Environment["APP_ENV"] != "development" {
		t.Errorf("api APP_ENV %q, want development", api.Environment["APP_ENV"])
	}
	if _, ok := api.Environment["REDIS_URL"]; !ok {
		t.Error("api has no REDIS_URL")
	}

	// Each process logs in as the role the design gives it, to the
	// project's database on the postgres service.
	for _, tc := range []struct{ svc, env, role string }{
		{"migrate", "MIGRATE_DATABASE_URL", "demo_owner"},
		{"api", "DATABASE_URL", "demo_app"},
		{"worker", "DATABASE_URL", "demo_app"},
	} {
		raw, ok := c.Services[tc.svc].Environment[tc.env]
		if !ok {
			t.Errorf("%s has no %s", tc.svc, tc.env)
			continue
		}
		u, err := url.Parse(raw)
		if err != nil {
			t.Errorf("%s %s: %v", tc.svc, tc.env, err)
			continue
		}
		if u.User.Username() != tc.role || u.Hostname() != "postgres" || u.Path != "/demo" {
			t.Errorf("%s %s = %s: want user %s on host postgres, database demo", tc.svc, tc.env, raw, tc.role)
		}
	}

	// The app services read only variables the service knows.
	schema := schemaVars(t)
	for _, n := range []string{"migrate", "api", "worker"} {
		for v := range c.Services[n].Environment {
			if !slices.Contains(schema, v) {
				t.Errorf("service %s sets %s, which is not in config.Schema %v", n, v, schema)
			}
		}
	}

	// Bind mounts point at files the project has; named volumes are declared.
	pl, _ := deployPlan()
	for n, s := range c.Services {
		for _, v := range s.Volumes {
			src, _, _ := strings.Cut(v, ":")
			if rel, ok := strings.CutPrefix(src, "./"); ok {
				if _, ok := pl.Lookup(rel); !ok {
					t.Errorf("service %s mounts %s, which the project does not have", n, src)
				}
			} else if _, ok := c.Volumes[src]; !ok {
				t.Errorf("service %s uses volume %s, which is not declared", n, src)
			}
		}
	}
	if !slices.ContainsFunc(c.Services["postgres"].Volumes, func(v string) bool {
		return strings.Contains(v, "/docker-entrypoint-initdb.d/")
	}) {
		t.Error("postgres does not mount the role init script into /docker-entrypoint-initdb.d")
	}
}

func TestDeployInitRoles(t *testing.T) {
	sql := deployFile(t, "deploy/postgres/init-roles.sql")
	for _, want := range []string{
		"CREATE ROLE demo_owner LOGIN",
		"CREATE ROLE demo_app LOGIN",
		"ALTER ROLE demo_owner LOGIN NOSUPERUSER NOBYPASSRLS",
		"ALTER ROLE demo_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT",
		"CREATE DATABASE demo OWNER demo_owner",
		// Idempotent: create only what is missing.
		"IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'demo_app')",
		"WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'demo')",
	} {
		if !strings.Contains(sql, want) {
			t.Errorf("init-roles.sql lacks %q", want)
		}
	}
}

// dockerInstruction is one Dockerfile instruction, continuations joined.
type dockerInstruction struct{ cmd, args string }

func parseDockerfile(src string) []dockerInstruction {
	var out []dockerInstruction
	var cur strings.Builder
	for _, line := range strings.Split(src, "\n") {
		trimmed := strings.TrimSpace(line)
		if cur.Len() == 0 && (trimmed == "" || strings.HasPrefix(trimmed, "#")) {
			continue
		}
		if more, ok := strings.CutSuffix(trimmed, `\`); ok {
			cur.WriteString(more + " ")
			continue
		}
		cur.WriteString(trimmed)
		cmd, args, _ := strings.Cut(cur.String(), " ")
		out = append(out, dockerInstruction{strings.ToUpper(cmd), strings.TrimSpace(args)})
		cur.Reset()
	}
	return out
}

func TestDeployDockerfile(t *testing.T) {
	all := parseDockerfile(deployFile(t, "Dockerfile"))
	var stages [][]dockerInstruction
	for _, in := range all {
		if in.cmd == "FROM" {
			stages = append(stages, nil)
		}
		if len(stages) == 0 {
			t.Fatalf("instruction %s before the first FROM", in.cmd)
		}
		stages[len(stages)-1] = append(stages[len(stages)-1], in)
	}
	if len(stages) < 2 {
		t.Fatalf("Dockerfile has %d FROM lines, want a multi-stage build", len(stages))
	}
	build, final := stages[0], stages[len(stages)-1]
	if got, want := strings.Fields(build[0].args)[0], "golang:"+GoVersion+"-bookworm"; got != want {
		t.Errorf("build stage FROM %s, want %s", got, want)
	}
	if got := strings.Fields(final[0].args)[0]; got != "gcr.io/distroless/static-debian12:nonroot" {
		t.Errorf("final stage FROM %s, want gcr.io/distroless/static-debian12:nonroot", got)
	}

	// Dependencies are downloaded in a layer of their own, before the
	// source is copied in; the binary is static and path-free.
	find := func(stage []dockerInstruction, cmd, substr string) int {
		return slices.IndexFunc(stage, func(in dockerInstruction) bool {
			return in.cmd == cmd && strings.Contains(in.args, substr)
		})
	}
	download, copySrc, compile := find(build, "RUN", "go mod download"), find(build, "COPY", ". ."), find(build, "RUN", "go build")
	if download < 0 || copySrc < 0 || compile < 0 || !(download < copySrc && copySrc < compile) {
		t.Errorf("build stage: want `go mod download` (at %d), then `COPY . .` (at %d), then `go build` (at %d)", download, copySrc, compile)
	}
	if compile >= 0 {
		for _, want := range []string{"CGO_ENABLED=0", "-trimpath", "./cmd/demo"} {
			if !strings.Contains(build[compile].args, want) {
				t.Errorf("go build step %q lacks %s", build[compile].args, want)
			}
		}
	}

	user := ""
	for _, in := range final {
		if in.cmd == "USER" {
			user = in.args
		}
	}
	if name, _, _ := strings.Cut(user, ":"); name == "" || name == "root" || name == "0" {
		t.Errorf("final stage USER %q, want a non-root user", user)
	}
	if find(final, "HEALTHCHECK", "") >= 0 {
		t.Error("final stage has a HEALTHCHECK; distroless has no shell to run one, compose probes instead")
	}
	if find(final, "EXPOSE", "8080") < 0 {
		t.Error("final stage does not EXPOSE 8080")
	}

	execForm := func(cmd string) []string {
		i := find(final, cmd, "")
		if i < 0 {
			t.Errorf("final stage has no %s", cmd)
			return nil
		}
		var args []string
		if err := json.Unmarshal([]byte(final[i].args), &args); err != nil {
			t.Errorf("%s %s is not in exec form: %v", cmd, final[i].args, err)
		}
		return args
	}
	entry, cmd := execForm("ENTRYPOINT"), execForm("CMD")
	if !slices.Equal(cmd, []string{"serve"}) {
		t.Errorf("CMD %q, want [serve]", cmd)
	}
	if len(entry) != 1 || find(final, "COPY", entry[0]) < 0 {
		t.Fatalf("ENTRYPOINT %q is not the single binary the final stage copies in", entry)
	}
	// The api healthcheck runs the binary the image really has.
	hc := parseCompose(t).Services["api"].Healthcheck
	if want := []string{"CMD", entry[0], "healthcheck"}; hc == nil || !slices.Equal(hc.Test, want) {
		t.Errorf("api healthcheck %v, want %q", hc, want)
	}
}

type workflowFile struct {
	On   map[string]any         `yaml:"on"`
	Jobs map[string]workflowJob `yaml:"jobs"`
}

type workflowJob struct {
	Services map[string]struct {
		Image   string            `yaml:"image"`
		Env     map[string]string `yaml:"env"`
		Options string            `yaml:"options"`
	} `yaml:"services"`
	Steps []workflowStep `yaml:"steps"`
}

type workflowStep struct {
	Name string            `yaml:"name"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	With map[string]string `yaml:"with"`
	Env  map[string]string `yaml:"env"`
}

func TestDeployCI(t *testing.T) {
	src := deployFile(t, ".github/workflows/ci.yml")
	// GitHub expressions survive rendering; template actions do not.
	if strings.Count(src, "{{") != strings.Count(src, "${{") {
		t.Errorf("ci.yml has a {{ that is not a GitHub expression:\n%s", src)
	}
	var wf workflowFile
	if err := yaml.Unmarshal([]byte(src), &wf); err != nil {
		t.Fatalf("ci.yml: %v", err)
	}
	for _, ev := range []string{"push", "pull_request"} {
		if _, ok := wf.On[ev]; !ok {
			t.Errorf("ci.yml does not run on %s", ev)
		}
	}
	found := false
	for name, job := range wf.Jobs {
		i := slices.IndexFunc(job.Steps, func(s workflowStep) bool { return strings.TrimSpace(s.Run) == "make test" })
		if i < 0 {
			continue
		}
		found = true
		for svc, image := range map[string]string{"postgres": "postgres:", "redis": "redis:"} {
			s, ok := job.Services[svc]
			if !ok || !strings.HasPrefix(s.Image, image) || !strings.Contains(s.Options, "--health-cmd") {
				t.Errorf("job %s: service %s missing, not %s*, or without --health-cmd", name, svc, image)
			}
		}
		if job.Services["postgres"].Env["POSTGRES_PASSWORD"] == "" {
			t.Errorf("job %s: the postgres service has no POSTGRES_PASSWORD", name)
		}
		for _, v := range testVars {
			if job.Steps[i].Env[v] == "" {
				t.Errorf("job %s: make test runs without %s", name, v)
			}
		}
		var runs []string
		setupGo := false
		for _, s := range job.Steps[:i] {
			runs = append(runs, strings.TrimSpace(s.Run))
			if strings.HasPrefix(s.Uses, "actions/setup-go@") && s.With["go-version-file"] == "go.mod" {
				setupGo = true
			}
		}
		for _, want := range []string{"go mod tidy -diff", "go vet ./...", "go build ./..."} {
			if !slices.Contains(runs, want) {
				t.Errorf("job %s does not run %q before make test (runs %q)", name, want, runs)
			}
		}
		if !slices.ContainsFunc(job.Steps[:i], func(s workflowStep) bool { return s.Name == "saasgen check" }) {
			t.Errorf("job %s has no step named \"saasgen check\" before make test", name)
		}
		if !slices.ContainsFunc(job.Steps[:i], func(s workflowStep) bool {
			return strings.Contains(s.Run, "make client") && strings.Contains(s.Run, "git diff --exit-code -- clients/go")
		}) {
			t.Errorf("job %s does not regenerate the typed client and fail on a stale committed one before make test", name)
		}
		if !setupGo {
			t.Errorf("job %s does not set Go up from go.mod before make test", name)
		}
		// The fault tests run a redis-server of their own (TEST_REDIS_SERVER).
		if !slices.ContainsFunc(runs, func(r string) bool {
			return strings.Contains(r, "apt-get install") && strings.Contains(r, "redis-server")
		}) {
			t.Errorf("job %s does not install redis-server before make test, which the fault tests start and kill", name)
		}
	}
	if !found {
		t.Error("no ci.yml job runs make test")
	}
}

// ciCheckStep returns the run script of the CI step that runs saasgen check.
func ciCheckStep(t *testing.T, src string) string {
	t.Helper()
	var wf workflowFile
	if err := yaml.Unmarshal([]byte(src), &wf); err != nil {
		t.Fatalf("ci.yml: %v", err)
	}
	for _, job := range wf.Jobs {
		for _, s := range job.Steps {
			if s.Name == "saasgen check" {
				return s.Run
			}
		}
	}
	t.Fatal("ci.yml has no step named \"saasgen check\"")
	return ""
}

// githubBash is how a GitHub Actions runner runs a step's script (its
// default shell on Linux), as arguments to bash.
func githubBash(script string) []string {
	return []string{"--noprofile", "--norc", "-eo", "pipefail", "-c", script}
}

// TestDeployCICheckStep holds the CI's saasgen check to what a cold runner
// needs. Statically: no version is pinned in the workflow (saasgen.yaml's
// is read when the step runs), and saasgen is built without cgo, since
// compiling sqlc's C parser takes about 12 minutes on an empty cache.
// Then the script runs under bash with a stand-in go command that records
// how it was called, against the generated saasgen.yaml, an edited one, and
// one without a version. TestCICheckStepInstallsAndChecks runs it for real.
func TestDeployCICheckStep(t *testing.T) {
	script := ciCheckStep(t, deployFile(t, ".github/workflows/ci.yml"))
	for _, bad := range []string{Version, "go run "} {
		if strings.Contains(script, bad) {
			t.Errorf("the saasgen check step holds %q: a pinned version never moves, and go run compiles sqlc's cgo parser on every cold runner:\n%s", bad, script)
		}
	}
	if !regexp.MustCompile(`(?m)^\s*CGO_ENABLED=0 .*go install "github.com/saasgen/saasgen/cmd/saasgen@v\$version"$`).MatchString(script) {
		t.Errorf("the saasgen check step does not go install saasgen@v$version with CGO_ENABLED=0:\n%s", script)
	}

	bin := t.TempDir()
	// The stand-in go records its arguments and CGO_ENABLED, and installs a
	// saasgen that records its own.
	fakeGo := `#!/bin/sh
echo "go $* CGO_ENABLED=$CGO_ENABLED" >> "$CALLS"
mkdir -p "$GOBIN"
printf '#!/bin/sh\necho "saasgen $*" >> "$CALLS"\n' > "$GOBIN/saasgen"
chmod +x "$GOBIN/saasgen"
`
	if err := os.WriteFile(filepath.Join(bin, "go"), []byte(fakeGo), 0o755); err != nil {
		t.Fatal(err)
	}
	manifest := deployFile(t, ManifestName)
	for _, tc := range []struct {
		name, manifest, calls string
		fails                 bool
	}{
		{"generated", manifest, "go install github.com/saasgen/saasgen/cmd/saasgen@v" + Version + " CGO_ENABLED=0\nsaasgen check\n", false},
		{"upgraded", strings.Replace(manifest, "\nsaasgen: "+Version+"\n", "\nsaasgen: 7.8.9\n", 1), "go install github.com/saasgen/saasgen/cmd/saasgen@v7.8.9 CGO_ENABLED=0\nsaasgen check\n", false},
		{"quoted", strings.Replace(manifest, "\nsaasgen: "+Version+"\n", "\nsaasgen: \"7.8.9\"\n", 1), "go install github.com/saasgen/saasgen/cmd/saasgen@v7.8.9 CGO_ENABLED=0\nsaasgen check\n", false},
		{"no version", strings.Replace(manifest, "\nsaasgen: "+Version+"\n", "\n", 1), "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, ManifestName), []byte(tc.manifest), 0o644); err != nil {
				t.Fatal(err)
			}
			calls := filepath.Join(t.TempDir(), "calls")
			cmd := exec.Command("bash", githubBash(script)...)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "RUNNER_TEMP="+t.TempDir(), "CALLS="+calls, "CGO_ENABLED=1")
			out, err := cmd.CombinedOutput()
			if tc.fails {
				if err == nil || !strings.Contains(string(out), "saasgen.yaml records no saasgen version") {
					t.Fatalf("the step ran without a version in saasgen.yaml (%v):\n%s", err, out)
				}
				return
			}
			if err != nil {
				t.Fatalf("the step failed: %v\n%s", err, out)
			}
			got, _ := os.ReadFile(calls)
			if string(got) != tc.calls {
				t.Errorf("the step ran\n%s\nwant\n%s", got, tc.calls)
			}
		})
	}
}

var (
	makeTargetRE = regexp.MustCompile(`(?m)^([A-Za-z0-9_-]+):([^=]|$)`)
	// `make X` in prose, or make X at the start of a command line, after
	// comment marks or environment assignments.
	docMakeRE = regexp.MustCompile("(?m)`make ([a-z][a-z0-9-]*)|^[\\s#]*(?:[A-Z_]+=\\S+\\s+)*make ([a-z][a-z0-9-]*)")
)

func makeTargets(t *testing.T) []string {
	t.Helper()
	var targets []string
	for _, m := range makeTargetRE.FindAllStringSubmatch(deployFile(t, "Makefile"), -1) {
		targets = append(targets, m[1])
	}
	return targets
}

func TestDeployMakefile(t *testing.T) {
	src := deployFile(t, "Makefile")
	targets := makeTargets(t)
	if len(targets) == 0 || targets[0] != "help" {
		t.Fatalf("Makefile targets %v: the first must be help", targets)
	}
	for _, want := range []string{"help", "build", "test", "vet", "tidy-check", "run", "migrate", "up", "down", "logs", "bench"} {
		if !slices.Contains(targets, want) {
			t.Errorf("Makefile has no %s target", want)
		}
	}
	for i, line := range strings.Split(src, "\n") {
		if strings.HasPrefix(line, " ") {
			t.Errorf("Makefile line %d starts with spaces; recipes need a tab: %q", i+1, line)
		}
	}
	// Self-documenting: every target says what it does, and help lists it.
	for _, tg := range targets {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(tg) + `:.*## \S`).MatchString(src) {
			t.Errorf("Makefile target %s has no ## comment, so make help does not list it", tg)
		}
	}

	// Every `make X` the README and the generated docs mention exists.
	mentioned := map[string][]string{}
	for _, doc := range []string{"README.md", ".env.example", "docker-compose.yml", "Dockerfile"} {
		for _, m := range docMakeRE.FindAllStringSubmatch(deployFile(t, doc), -1) {
			tg := m[1] + m[2]
			mentioned[doc] = append(mentioned[doc], tg)
			if !slices.Contains(targets, tg) {
				t.Errorf("%s mentions make %s, which the Makefile does not have", doc, tg)
			}
		}
	}
	for _, want := range []string{"up", "test", "migrate", "run", "bench"} {
		if !slices.Contains(mentioned["README.md"], want) {
			t.Errorf("found no mention of make %s in the README (found %v); has the pattern stopped matching?", want, mentioned["README.md"])
		}
	}
	readme := deployFile(t, "README.md")
	for _, first := range []string{"make up", "make test"} {
		if i := strings.Index(readme, first); i < 0 || i > 600 {
			t.Errorf("README does not show %q among its first lines", first)
		}
	}
}

var envLineRE = regexp.MustCompile(`(?m)^([A-Z][A-Z0-9_]*)=`)

func TestDeployEnvExample(t *testing.T) {
	pl, err := deployPlan()
	if err != nil {
		t.Fatal(err)
	}
	checkEnvDocs(t, pl)
}

// Every provider's variables (and none's) have their .env.example entry and
// README row too: the default project only shows Stripe's.
func TestDeployEnvExampleEveryProvider(t *testing.T) {
	for _, name := range shippedProviders() {
		t.Run(name, func(t *testing.T) {
			spec := DefaultSpec("demo")
			spec.Payments = name
			spec.Normalize()
			pl, err := Generate(spec)
			if err != nil {
				t.Fatal(err)
			}
			checkEnvDocs(t, pl)
		})
	}
}

func checkEnvDocs(t *testing.T, pl *Plan) {
	t.Helper()
	file := func(path string) string {
		f, ok := pl.Lookup(path)
		if !ok {
			t.Fatalf("the generated project has no %s", path)
		}
		return string(f.Data)
	}
	var names []string
	for _, m := range envLineRE.FindAllStringSubmatch(file(".env.example"), -1) {
		names = append(names, m[1])
	}
	var schema []string
	for _, m := range schemaNameRE.FindAllStringSubmatch(file("internal/platform/config/config.go"), -1) {
		schema = append(schema, m[1])
	}
	for _, v := range append(slices.Clone(schema), testVars...) {
		if !slices.Contains(names, v) {
			t.Errorf(".env.example does not set %s", v)
		}
	}
	for _, v := range names {
		if !slices.Contains(schema, v) && !slices.Contains(testVars, v) {
			t.Errorf(".env.example sets %s, which nothing reads", v)
		}
	}
	for _, v := range optionalTestVars {
		if !strings.Contains(file(".env.example"), "\n# "+v+"=") {
			t.Errorf(".env.example does not show %s (commented out)", v)
		}
	}
	// The README's configuration table documents every variable too.
	readme := file("README.md")
	for _, v := range append(append(schema, testVars...), optionalTestVars...) {
		if !strings.Contains(readme, "| `"+v+"` |") {
			t.Errorf("the README's configuration table has no row for %s", v)
		}
	}
}

func TestDeployFilesAreUserOwned(t *testing.T) {
	pl, err := deployPlan()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"README.md", "Makefile", "Dockerfile", "docker-compose.yml", ".dockerignore", ".gitignore", ".env.example", ".github/workflows/ci.yml"} {
		f, ok := pl.Lookup(p)
		if !ok {
			t.Errorf("the generated project has no %s", p)
			continue
		}
		firstLine, _, _ := bytes.Cut(f.Data, []byte("\n"))
		if f.Owned || bytes.Contains(firstLine, []byte(generatedBy)) {
			t.Errorf("%s is marked saasgen-owned; it belongs to the user", p)
		}
	}
	if f, ok := pl.Lookup("deploy/postgres/init-roles.sql"); !ok || !f.Owned {
		t.Error("deploy/postgres/init-roles.sql is missing or not saasgen-owned")
	}
}

// .env is shell syntax: a shell sources the generated .env.example (as
// .env) without error and gets every variable with the value written,
// MAIL_FROM's angle brackets included; and every make target that runs
// the service or its tests hands the go command those same values.
func TestDeployEnvSourceable(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []struct{ from, to string }{{".env.example", ".env"}, {"Makefile", "Makefile"}} {
		if err := os.WriteFile(filepath.Join(dir, f.to), []byte(deployFile(t, f.from)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A go command that records its environment instead of running.
	bin := filepath.Join(dir, "bin")
	if err := os.Mkdir(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bin, "go"), []byte("#!/bin/sh\nenv -0 >\"$ENV_OUT\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	environ := func(out []byte) map[string]string {
		m := map[string]string{}
		for _, kv := range strings.Split(string(out), "\x00") {
			if k, v, ok := strings.Cut(kv, "="); ok {
				m[k] = v
			}
		}
		return m
	}
	base := []string{"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"), "ENV_OUT=" + filepath.Join(dir, "env.out")}

	sh := exec.Command("sh", "-c", "set -a; . ./.env; set +a; env -0")
	sh.Dir, sh.Env = dir, base
	out, err := sh.Output()
	if err != nil {
		t.Fatalf("sh cannot source .env: %v\n%s", err, errOutput(err))
	}
	sourced := environ(out)
	if got, want := sourced["MAIL_FROM"], "demo <no-reply@localhost>"; got != want {
		t.Errorf("sourced MAIL_FROM = %q, want %q", got, want)
	}
	names := envLineRE.FindAllStringSubmatch(deployFile(t, ".env.example"), -1)
	for _, m := range names {
		if _, ok := sourced[m[1]]; !ok {
			t.Errorf("sourcing .env does not set %s", m[1])
		}
	}

	for _, target := range []string{"run", "migrate", "test", "worker", "bench"} {
		cmd := exec.Command("make", "-s", target)
		cmd.Dir, cmd.Env = dir, base
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("make %s: %v\n%s", target, err, out)
		}
		raw, err := os.ReadFile(filepath.Join(dir, "env.out"))
		if err != nil {
			t.Fatalf("make %s did not run go: %v", target, err)
		}
		got := environ(raw)
		for _, m := range names {
			if got[m[1]] != sourced[m[1]] {
				t.Errorf("make %s runs go with %s=%q, a shell sourcing .env gets %q", target, m[1], got[m[1]], sourced[m[1]])
			}
		}
		os.Remove(filepath.Join(dir, "env.out"))
	}
}

// errOutput is the stderr an *exec.ExitError carries, if any.
func errOutput(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return string(ee.Stderr)
	}
	return ""
}

// plans.yaml has a trial block only where something reads it: billing
// starts trials, so without billing a --trial-days is not written down as
// if it did something.
func TestPlansTrialOnlyWithBilling(t *testing.T) {
	for _, tc := range []struct {
		modules []string
		trial   bool
	}{
		{[]string{"tenants", "auth", "ratelimit"}, false},
		{[]string{"tenants", "auth", "billing"}, true},
	} {
		spec := DefaultSpec("demo")
		spec.Modules = tc.modules
		spec.Payments = ""
		spec.TrialDays = 7
		pl, _ := generateSpec(t, spec)
		f, ok := pl.Lookup("plans.yaml")
		if !ok {
			t.Fatal("no plans.yaml")
		}
		var doc struct {
			Trial *struct {
				Plan string `yaml:"plan"`
				Days int    `yaml:"days"`
			} `yaml:"trial"`
		}
		if err := yaml.Unmarshal(f.Data, &doc); err != nil {
			t.Fatalf("plans.yaml: %v", err)
		}
		if got := doc.Trial != nil; got != tc.trial {
			t.Errorf("modules %v: plans.yaml has a trial block: %v, want %v\n%s", tc.modules, got, tc.trial, f.Data)
		} else if tc.trial && (doc.Trial.Plan != "pro" || doc.Trial.Days != 7) {
			t.Errorf("modules %v: trial %+v, want pro for 7 days", tc.modules, *doc.Trial)
		}
	}
}

var securityCiteRE = regexp.MustCompile(`SECURITY(?:\.md)?((?:[ ,]+(?:and )?\d+)+)`)

// Comments, migrations and the README cite the numbered requirements of
// docs/SECURITY.md; in every preset that file exists and has each number
// cited, so no citation points at a file or a line the project lacks.
func TestSecurityCitationsResolve(t *testing.T) {
	for _, p := range presets {
		t.Run(p.name, func(t *testing.T) {
			pl, _ := generateSpec(t, p.spec())
			doc, ok := pl.Lookup("docs/SECURITY.md")
			if !ok {
				t.Fatal("the project has no docs/SECURITY.md")
			}
			cited := 0
			for _, f := range pl.Files {
				for _, m := range securityCiteRE.FindAllStringSubmatch(string(f.Data), -1) {
					for _, n := range regexp.MustCompile(`\d+`).FindAllString(m[1], -1) {
						cited++
						if !regexp.MustCompile(`(?m)^` + n + `\. `).Match(doc.Data) {
							t.Errorf("%s cites %q, and docs/SECURITY.md has no requirement %s", f.Path, m[0], n)
						}
					}
				}
			}
			if cited == 0 {
				t.Error("no file cites SECURITY.md; has the citation pattern changed?")
			}
		})
	}
}

// commandColumn is the command of a line of a command list: its text up
// to the gap before the description. Lines indented past the column
// continue the line before and give "".
func commandColumn(line string) string {
	if strings.HasPrefix(line, "          ") {
		return ""
	}
	line = strings.TrimSpace(line)
	if i := strings.Index(line, "  "); i >= 0 {
		line = line[:i]
	}
	return line
}

// The README's list of commands is the binary's: the same commands, in
// the same order, as the usage text `NAME help` prints, in every preset.
func TestReadmeCommandsAreTheBinarys(t *testing.T) {
	for _, p := range presets {
		t.Run(p.name, func(t *testing.T) {
			pl, spec := generateSpec(t, p.spec())
			file := func(path string) string {
				f, ok := pl.Lookup(path)
				if !ok {
					t.Fatalf("no %s", path)
				}
				return string(f.Data)
			}
			run := file("internal/app/run.go")
			_, usage, ok := strings.Cut(run, "\ncommands:\n")
			usage, _, _ = strings.Cut(usage, "\n\n")
			if !ok {
				t.Fatal("run.go's usage text has no commands: section")
			}
			var binary []string
			for _, line := range strings.Split(usage, "\n") {
				if c := commandColumn(line); c != "" {
					binary = append(binary, c)
				}
			}
			readme := file("README.md")
			_, list, ok := strings.Cut(readme, "The binary's commands")
			if !ok {
				t.Fatal("the README has no list of the binary's commands")
			}
			_, list, _ = strings.Cut(list, "```\n")
			list, _, _ = strings.Cut(list, "```")
			var documented []string
			for _, line := range strings.Split(strings.TrimSuffix(list, "\n"), "\n") {
				if c := commandColumn(line); c != "" {
					name, ok := strings.CutPrefix(c, spec.Name+" ")
					if !ok {
						t.Errorf("README command line %q does not start with %s", line, spec.Name)
					}
					documented = append(documented, name)
				}
			}
			if !slices.Equal(documented, binary) {
				t.Errorf("the README lists the commands\n  %q\nthe binary's usage lists\n  %q", documented, binary)
			}
		})
	}
}

// The Stripe project's README is a setup guide like Paddle's: the events
// to enable (every one the adapter acts on), the CLI command that forwards
// them to the local API, and the checkout URLs' settings; and PUBLIC_URL's
// row names each page of the front end that a mail links to.
func TestStripeSetupGuide(t *testing.T) {
	readme := deployFile(t, "README.md")
	for _, want := range []string{
		"stripe listen --forward-to localhost:8080/webhooks/stripe",
		"BILLING_CHECKOUT_SUCCESS_URL", "BILLING_CHECKOUT_CANCEL_URL",
	} {
		if !strings.Contains(readme, want) {
			t.Errorf("the README does not say %q", want)
		}
	}
	adapter := deployFile(t, "internal/billing/stripe/stripe.go")
	events := regexp.MustCompile(`"(customer\.subscription\.([a-z_]+))"`).FindAllStringSubmatch(adapter, -1)
	if len(events) < 3 {
		t.Fatalf("found %d event types in the adapter; has its switch changed shape?", len(events))
	}
	for _, e := range events {
		if !strings.Contains(readme, "`"+e[1]+"`") && !strings.Contains(readme, "`."+e[2]+"`") {
			t.Errorf("the README's Stripe guide does not name the event %s, which the adapter acts on", e[1])
		}
	}
	row := regexp.MustCompile("(?m)^\\| `PUBLIC_URL` \\|.*$").FindString(readme)
	paths := regexp.MustCompile(`s\.link\("(/[a-z-]+)"`).FindAllStringSubmatch(deployFile(t, "internal/auth/email.go")+deployFile(t, "internal/auth/invitations.go"), -1)
	if row == "" || len(paths) < 3 {
		t.Fatalf("PUBLIC_URL row %q, mail link paths %v", row, paths)
	}
	for _, p := range paths {
		if !strings.Contains(row, p[1]) {
			t.Errorf("the README's PUBLIC_URL row does not name %s, a page the mails link to: %s", p[1], row)
		}
	}
}

// saasgen's own README says which payment providers ship: every one whose
// adapter this version holds, in the paragraph on --payments.
func TestOwnReadmeNamesEveryProvider(t *testing.T) {
	raw, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, para, ok := strings.Cut(string(raw), "Payment providers (`--payments`):")
	para, _, _ = strings.Cut(para, "\n\n")
	if !ok {
		t.Fatal("README.md has no paragraph on payment providers")
	}
	for _, name := range shippedProviders() {
		if name != "none" && !strings.Contains(para, "`"+name+"`") {
			t.Errorf("README.md's payment providers paragraph does not name %s, which ships:\n%s", name, para)
		}
	}
}

// generateSpec normalizes spec and generates it in memory.
func generateSpec(t *testing.T, spec Spec) (*Plan, Spec) {
	t.Helper()
	spec.Normalize()
	pl, err := Generate(spec)
	if err != nil {
		t.Fatal(err)
	}
	return pl, spec
}
