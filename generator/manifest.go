package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"
)

// ManifestName is the file at a generated project's root that records the
// answers saasgen was given; check and add read it.
const ManifestName = "saasgen.yaml"

// Manifest is the content of saasgen.yaml.
type Manifest struct {
	Saasgen string `yaml:"saasgen"`
	Spec    `yaml:",inline"`
}

func marshalManifest(s Spec) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("# The answers `saasgen new` was given. `saasgen check` and `saasgen add` read\n# this file; edit it only through saasgen commands.\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(Manifest{Saasgen: Version, Spec: s}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// FindRoot returns the project directory for a command run in start: the
// nearest of start and its parents that holds saasgen.yaml, as git finds
// .git. Like git it walks the physical path (symlinks resolved), so the
// parent it looks in is the one ".." names, and it stops at the filesystem
// root. The result is start followed by one ".." per level climbed.
func FindRoot(start string) (string, error) {
	abs, err := filepath.Abs(start)
	if err == nil {
		abs, err = filepath.EvalSymlinks(abs)
	}
	if err != nil {
		return "", ManifestError{fmt.Errorf("looking for %s from %s: %w", ManifestName, start, err)}
	}
	dir := start
	for at := abs; ; at = filepath.Dir(at) {
		fi, err := os.Stat(filepath.Join(at, ManifestName))
		if err == nil && !fi.IsDir() {
			return dir, nil
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", ManifestError{fmt.Errorf("looking for %s: %w", ManifestName, err)}
		}
		if filepath.Dir(at) == at {
			return "", ManifestError{fmt.Errorf("no %s in %s or any directory above it (looked up to %s): run this inside a project made by saasgen new, or pass --dir", ManifestName, abs, at)}
		}
		dir = filepath.Join(dir, "..")
	}
}

// ReadManifest loads saasgen.yaml from a project directory.
func ReadManifest(dir string) (Manifest, error) {
	data, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if errors.Is(err, os.ErrNotExist) {
		return Manifest{}, fmt.Errorf("%s has no %s: run this inside a project made by saasgen new, or pass --dir", dir, ManifestName)
	}
	if err != nil {
		return Manifest{}, err
	}
	var m Manifest
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&m); errors.Is(err, io.EOF) {
		return Manifest{}, fmt.Errorf("%s is empty; restore it from version control", filepath.Join(dir, ManifestName))
	} else if err != nil {
		return Manifest{}, fmt.Errorf("%s: %w; restore it from version control", filepath.Join(dir, ManifestName), err)
	}
	return m, nil
}
