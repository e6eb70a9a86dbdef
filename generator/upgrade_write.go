package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Write carries the upgrade out: every file to write goes beside its
// target first and is renamed into place when all are written; then the
// files the new version no longer writes are deleted (and directories
// left empty by that), and in a git repository each conflict's three
// versions go into the index, as a merge leaves them.
func (u *Upgrade) Write() error {
	var files []File
	for _, f := range u.Files {
		if f.data != nil && !f.remove {
			files = append(files, File{Path: f.Path, Data: f.data})
		}
	}
	if err := writeFiles(u.Dir, files); err != nil {
		return err
	}
	for _, f := range u.Files {
		if !f.remove {
			continue
		}
		full := filepath.Join(u.Dir, filepath.FromSlash(f.Path))
		if err := os.Remove(full); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		removeEmptyDirs(u.Dir, filepath.Dir(full))
	}
	if u.git == nil {
		return nil
	}
	for _, f := range u.Files {
		if f.Action == Conflict && f.stages != nil {
			if err := u.git.setConflict(f.Path, *f.stages); err != nil {
				return fmt.Errorf("record the conflict in %s in git's index: %w", f.Path, err)
			}
		}
	}
	return nil
}

// removeEmptyDirs removes dir and its parents while they are empty, up to
// (not including) root.
func removeEmptyDirs(root, dir string) {
	root = filepath.Clean(root)
	for dir = filepath.Clean(dir); dir != root && len(dir) > len(root); dir = filepath.Dir(dir) {
		if os.Remove(dir) != nil {
			return
		}
	}
}
