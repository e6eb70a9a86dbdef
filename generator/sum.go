package generator

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// SumName is the file that records what saasgen wrote: the git blob id of
// every file of the plan of saasgen.yaml (but saasgen.yaml and itself),
// one line each, sorted by path, as go.sum records modules. saasgen
// upgrade reads a file's merge base by that id: from the disk when the
// file there still has it, else from the project's git objects. It is a
// function of the plan, so check holds it to Generate like any owned file,
// and every command that writes files (new, add, upgrade) keeps it so.
const SumName = "saasgen.sum"

const sumHeader = "# " + generatedBy + "\n" +
	"# The git blob id (git hash-object) of each file saasgen writes for saasgen.yaml.\n" +
	"# saasgen upgrade finds the version of a file it wrote by it, to merge a newer one.\n"

// blobID is the git object id of a blob holding data (SHA-1, as
// `git hash-object` computes it in a default repository).
func blobID(data []byte) string {
	h := sha1.New()
	h.Write([]byte("blob " + strconv.Itoa(len(data)) + "\x00"))
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}

// inSum reports whether file p is recorded in saasgen.sum: saasgen.yaml
// is the spec itself, and the sum cannot hold its own id.
func inSum(p string) bool { return p != ManifestName && p != SumName }

// sumFile renders saasgen.sum for the files of a plan.
func sumFile(files map[string]File) File {
	ids := map[string]string{}
	for p, f := range files {
		if inSum(p) {
			ids[p] = blobID(f.Data)
		}
	}
	return File{Path: SumName, Data: formatSum(ids), Owned: true}
}

func formatSum(ids map[string]string) []byte {
	var b bytes.Buffer
	b.WriteString(sumHeader)
	paths := make([]string, 0, len(ids))
	for p := range ids {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		fmt.Fprintf(&b, "%s %s\n", ids[p], p)
	}
	return b.Bytes()
}

var sumLineRE = regexp.MustCompile(`^([0-9a-f]{40}) (\S.*)$`)

// parseSum reads saasgen.sum into a map from path to blob id.
func parseSum(data []byte) (map[string]string, error) {
	ids := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m := sumLineRE.FindStringSubmatch(line)
		if m == nil {
			return nil, fmt.Errorf("%s:%d: %q is not a blob id and a path; restore %s from version control", SumName, n, line, SumName)
		}
		ids[m[2]] = m[1]
	}
	return ids, sc.Err()
}

// readSum reads the saasgen.sum of dir; ok is false when it has none.
func readSum(dir string) (ids map[string]string, ok bool, err error) {
	data, err := os.ReadFile(filepath.Join(dir, SumName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	ids, err = parseSum(data)
	return ids, err == nil, err
}

// updatedSum is the saasgen.sum of dir with the ids of written, the files
// an add is about to write. ok is false when the project has no
// saasgen.sum (check reports it missing, and its patch restores it).
func updatedSum(dir string, written []File) (f File, ok bool, err error) {
	ids, ok, err := readSum(dir)
	if !ok || err != nil {
		return File{}, false, err
	}
	for _, w := range written {
		if inSum(w.Path) {
			ids[w.Path] = blobID(w.Data)
		}
	}
	return File{Path: SumName, Data: formatSum(ids), Owned: true}, true, nil
}
