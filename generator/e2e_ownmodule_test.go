package generator

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// asCommand is the environment variable under which the test binary is
// the sqlc or saasgen that the README's script runs (TestMain).
const asCommand = "SAASGEN_TEST_AS_COMMAND"

func TestMain(m *testing.M) {
	switch os.Getenv(asCommand) {
	case "":
		os.Exit(m.Run())
	case "sqlc":
		// The sqlc saasgen embeds: the version the README names.
		os.Exit(runSQLCCommand(os.Args[1:]))
	case "saasgen":
		os.Exit(saasgenForScript(os.Args[1:]))
	}
	fmt.Fprintf(os.Stderr, "%s=%q: want sqlc or saasgen\n", asCommand, os.Getenv(asCommand))
	os.Exit(2)
}

// saasgenForScript is what the README's script asks of saasgen: check, in
// the working directory.
func saasgenForScript(args []string) int {
	if len(args) != 1 || args[0] != "check" {
		fmt.Fprintf(os.Stderr, "saasgen %s: the README script may run only `saasgen check` in this test\n", strings.Join(args, " "))
		return 2
	}
	d, err := Check(".")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	if !d.Clean() {
		fmt.Fprint(os.Stderr, d.Diff())
		for _, f := range d.Files {
			fmt.Fprintln(os.Stderr, f.Path, f.Kind)
		}
		return 1
	}
	return 0
}

// TestEndToEndOwnModule follows the generated README's "Add your own
// module" literally: every ```sh block of the section, in order, as one
// bash script in the project (which ends with saasgen check, build, vet
// and the project's tests). Then add resource and add field still work
// beside the module: numbered after its migration, check clean, the
// project builds and vets. Between the two, the module's OpenAPI fragment
// is shown to be held to (ownOpenAPIHolds).
func TestEndToEndOwnModule(t *testing.T) {
	endToEnd(t)
	dir := filepath.Join(t.TempDir(), "minimal")
	writePreset(t, "minimal", dir)
	compilePreset(t, "minimal", dir)
	readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	script, err := readmeScript(string(readme), "## Add your own module")
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"sqlc", "saasgen"} {
		wrapper := fmt.Sprintf("#!/bin/sh\n%s=%s exec %q \"$@\"\n", asCommand, name, self)
		if err := os.WriteFile(filepath.Join(bin, name), []byte(wrapper), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("bash", "-euo", "pipefail", "-c", script)
	cmd.Dir = dir
	cmd.Env = e2eEnv("PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	addChildCPU(t, cmd.ProcessState)
	if err != nil {
		t.Fatalf("the README's \"Add your own module\" script: %v\n%s\nscript:\n%s", err, out, script)
	}
	if _, err := os.Stat(filepath.Join(dir, "db/migrations/01001_notes.sql")); err != nil {
		t.Fatalf("migrate create in a project without resources: %v", err)
	}
	ownOpenAPIHolds(t, dir)

	a, err := AddResource(dir, "invoices", []string{"title:string"})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Write(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "db/migrations/01002_invoices.sql")); err != nil {
		t.Fatalf("add resource after your migration: %v", err)
	}
	f, err := AddField(dir, "invoices", []string{"notes:text?"})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Write(dir); err != nil {
		t.Fatal(err)
	}
	d, err := Check(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Clean() {
		t.Fatalf("check after add resource and add field beside your module: drift\n%s", d.Diff())
	}
	goCmd(t, dir, "build", "./...")
	goCmd(t, dir, "vet", "./...")
}

// ownOpenAPIHolds shows that the team's openapi.custom.json is a
// contract, as saasgen's document is: a description its route's answers
// leave fails the team's test, and a fragment that names an operation or
// a schema of saasgen's stops the binary with every clash named. The
// fragment is put back afterwards.
func ownOpenAPIHolds(t *testing.T, dir string) {
	t.Helper()
	path := filepath.Join(dir, "internal/app/openapi.custom.json")
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer os.WriteFile(path, good, 0o644)
	write := func(s string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(name string, args ...string) (string, error) {
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		cmd.Env = e2eEnv()
		out, err := cmd.CombinedOutput()
		return string(out), err
	}

	// A note that must have a title it never has: the test's own calls
	// fail on the answer, naming the member.
	drifted := strings.Replace(string(good), `"required": ["id", "body", "created_at"]`, `"required": ["id", "body", "created_at", "title"]`, 1)
	if drifted == string(good) {
		t.Fatal("the README's openapi.custom.json has no Note schema requiring id, body and created_at; has the section changed?")
	}
	write(drifted)
	out, err := run("go", "test", "-count=1", "-run", "^TestNotes$", "./internal/app")
	if err == nil || !strings.Contains(out, "does not allow") || !strings.Contains(out, "title") {
		t.Fatalf("TestNotes against a Note that requires a title: want a failure naming title, got %v\n%s", err, out)
	}

	// Operations and schemas of saasgen's are refused, all at once.
	write(`{"paths": {"/v1/me": {"get": {"responses": {"200": {"description": "mine"}}}}}, "components": {"schemas": {"Problem": {"type": "object"}}}}`)
	out, err = run("go", "run", "./cmd/minimal", "openapi")
	if err == nil || !strings.Contains(out, "GET /v1/me is saasgen's") || !strings.Contains(out, "components.schemas.Problem is saasgen's") {
		t.Fatalf("openapi with a fragment that redefines GET /v1/me and Problem: want both refused, got %v\n%s", err, out)
	}
}

var fence = regexp.MustCompile("^( *)```(\\w*)$")

// readmeScript returns the ```sh blocks of the section under heading, in
// order, as a reader copies them: each line without the fence's
// indentation (CommonMark's rule).
func readmeScript(readme, heading string) (string, error) {
	_, section, ok := strings.Cut(readme, "\n"+heading+"\n")
	if !ok {
		return "", fmt.Errorf("README has no %q section", heading)
	}
	if i := strings.Index(section, "\n## "); i >= 0 {
		section = section[:i]
	}
	var script strings.Builder
	indent, in, blocks := "", false, 0
	for _, line := range strings.Split(section, "\n") {
		if m := fence.FindStringSubmatch(line); m != nil {
			if in {
				in = false
				continue
			}
			if m[2] == "sh" {
				in, indent = true, m[1]
				blocks++
			}
			continue
		}
		if in {
			script.WriteString(strings.TrimPrefix(line, indent) + "\n")
		}
	}
	if blocks == 0 {
		return "", fmt.Errorf("README's %q section has no sh block", heading)
	}
	return script.String(), nil
}
