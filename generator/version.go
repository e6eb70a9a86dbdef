package generator

import (
	"fmt"

	"golang.org/x/mod/semver"
)

// compareVersion compares saasgen versions as semver does: -1 when a is
// older than b, 0 when equal, 1 when newer. An empty version (a manifest
// that records none) is older than any.
func compareVersion(a, b string) (int, error) {
	for _, v := range []string{a, b} {
		if v != "" && !semver.IsValid("v"+v) {
			return 0, fmt.Errorf("%q is not a saasgen version (MAJOR.MINOR.PATCH); restore %s from version control", v, ManifestName)
		}
	}
	switch {
	case a == b:
		return 0, nil
	case a == "":
		return -1, nil
	case b == "":
		return 1, nil
	}
	return semver.Compare("v"+a, "v"+b), nil
}

// sameVersion says what to do when saasgen.yaml was written by another
// saasgen version than this one: add would mix two versions' templates in
// one project (and record this version over files the other wrote).
func sameVersion(manifest string) error {
	c, err := compareVersion(manifest, Version)
	switch {
	case err != nil:
		return err
	case c < 0:
		was := "saasgen " + manifest
		if manifest == "" {
			was = "a saasgen that recorded no version"
		}
		return fmt.Errorf("%s was written by %s and this is saasgen %s: run saasgen upgrade first, which merges %s's changes into the project, then run this again; nothing was written", ManifestName, was, Version, Version)
	case c > 0:
		return fmt.Errorf("%s was written by saasgen %s, newer than this saasgen %s: install saasgen %s (go install github.com/saasgen/saasgen/cmd/saasgen@v%s) and run that; nothing was written", ManifestName, manifest, Version, manifest, manifest)
	}
	return nil
}
