package generator

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

// saasgen.sum's ids are git's, so upgrade can look a base up in the
// project's git objects by them.
func TestBlobIDIsGits(t *testing.T) {
	for _, data := range []string{"", "hello\n", "no newline", strings.Repeat("x\n", 5000)} {
		cmd := exec.Command("git", "hash-object", "--stdin")
		cmd.Stdin = strings.NewReader(data)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("git hash-object: %v", err)
		}
		if got, want := blobID([]byte(data)), strings.TrimSpace(string(out)); got != want {
			t.Errorf("blobID(%q) = %s, git says %s", data, got, want)
		}
	}
}

// saasgen.sum lists every file of the plan but saasgen.yaml and itself,
// sorted, and reads back to the same ids.
func TestSumFile(t *testing.T) {
	pl := presetPlan(t, "resources")
	sum, ok := pl.Lookup(SumName)
	if !ok || !sum.Owned || !hasSaasgenHeader(strings.Split(string(sum.Data), "\n")) {
		t.Fatalf("the plan has no owned %s with saasgen's header", SumName)
	}
	ids, err := parseSum(sum.Data)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != len(pl.Files)-2 {
		t.Errorf("%s records %d files, the plan has %d besides saasgen.yaml and itself", SumName, len(ids), len(pl.Files)-2)
	}
	for _, f := range pl.Files {
		if id, ok := ids[f.Path]; inSum(f.Path) && (!ok || id != blobID(f.Data)) {
			t.Errorf("%s: recorded %q, want %s", f.Path, id, blobID(f.Data))
		}
	}
	again := formatSum(ids)
	if !bytes.Equal(again, sum.Data) {
		t.Error("formatting the parsed sum does not give the same bytes")
	}
	if _, err := parseSum([]byte("# c\nnot a line\n")); err == nil || !strings.Contains(err.Error(), "saasgen.sum:2:") {
		t.Errorf("a bad line: %v", err)
	}
}
