package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
)

// CheckTarget reports why dir cannot receive a new project: it must not
// exist, or be an empty directory.
func CheckTarget(dir string) error {
	fi, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("cannot use %s as the project directory: %w; choose another --out", dir, err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s exists and is not a directory; choose another name or --out DIR", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("%s is not empty; saasgen new never writes over files: choose a new name, remove the directory, or pass --out with an empty directory", dir)
	}
	return nil
}

// Write puts every file of the plan under dir, which must not exist or be
// empty. Files go into a scratch directory beside dir first and are moved
// into place at the end, so a failure leaves no partial project.
func Write(pl *Plan, dir string) error {
	if err := CheckTarget(dir); err != nil {
		return err
	}
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", parent, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".saasgen-")
	if err != nil {
		return fmt.Errorf("cannot write beside %s: %w", dir, err)
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()
	if err := writeTree(tmp, pl.Files); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	// An empty target directory is removed so the rename can take its place.
	if _, err := os.Stat(dir); err == nil {
		if err := os.Remove(dir); err != nil {
			return fmt.Errorf("%s: %w", dir, err)
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("move the project into %s: %w", dir, err)
	}
	ok = true
	return nil
}

// writeTree writes files under root, a new directory: each folder is made
// once, then the files are written by a few goroutines at a time. On a
// disk where a create takes a few hundred microseconds, as on this
// project's CI machines, the calls overlap instead of queueing; the
// bytes written are the same, only the order of the writes differs.
func writeTree(root string, files []File) error {
	dirs := map[string]bool{}
	for _, f := range files {
		dirs[filepath.Dir(filepath.Join(root, filepath.FromSlash(f.Path)))] = true
	}
	for _, d := range slices.Sorted(maps.Keys(dirs)) {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	const writers = 8
	next := make(chan File)
	errs := make([]error, writers)
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() {
			for f := range next {
				if errs[i] == nil {
					errs[i] = os.WriteFile(filepath.Join(root, filepath.FromSlash(f.Path)), f.Data, 0o644)
				}
			}
		})
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()
	return errors.Join(errs...)
}

// writeFiles puts files into the project in dir: each goes to a temporary
// file beside its target first, and only when all are written are they
// renamed into place, so a failure leaves the project as it was.
func writeFiles(dir string, files []File) error {
	type pending struct{ tmp, final string }
	var done []pending
	cleanup := func() {
		for _, p := range done {
			os.Remove(p.tmp)
		}
	}
	for _, f := range files {
		final := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
			cleanup()
			return err
		}
		tmp, err := os.CreateTemp(filepath.Dir(final), "."+filepath.Base(final)+".saasgen-")
		if err != nil {
			cleanup()
			return err
		}
		done = append(done, pending{tmp.Name(), final})
		_, werr := tmp.Write(f.Data)
		cerr := tmp.Close()
		if err := errors.Join(werr, cerr, os.Chmod(tmp.Name(), 0o644)); err != nil {
			cleanup()
			return err
		}
	}
	for _, p := range done {
		if err := os.Rename(p.tmp, p.final); err != nil {
			cleanup()
			return fmt.Errorf("move %s into place: %w", p.final, err)
		}
	}
	return nil
}

func writeFile(p string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}
