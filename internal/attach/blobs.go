package attach

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/guichet/guichet/internal/errs"
)

// Blobs stores file contents by key. A key is a SHA-256 in hexadecimal, or
// "quarantine/" followed by one for a file the scanner flagged. Put is
// idempotent: the same key always holds the same content, so a second Put of a
// key already stored does nothing.
type Blobs interface {
	Put(ctx context.Context, key string, data []byte) error
	// Get returns the content, or an errs.NotFound error.
	Get(ctx context.Context, key string) ([]byte, error)
}

var keyPattern = regexp.MustCompile(`^(quarantine/)?[0-9a-f]{64}$`)

// ValidKey reports whether key is a blob key (so that no key built from input
// can name a path outside the store).
func ValidKey(key string) bool { return keyPattern.MatchString(key) }

// Dir stores blobs as files under a directory of the data directory, which no
// web server serves: Dir/ab/cd/abcd…, and Dir/quarantine/ab/cd/abcd… for the
// flagged ones. A file is written to a temporary name and renamed, so a reader
// never sees half a file and two instances writing the same content agree.
type Dir string

func (d Dir) path(key string) (string, error) {
	if !ValidKey(key) {
		return "", fmt.Errorf("attach: bad blob key %q", key)
	}
	dir, sum := filepath.Split(key)
	return filepath.Join(string(d), dir, sum[:2], sum[2:4], sum), nil
}

// Put writes data under key unless it is already there.
func (d Dir) Put(ctx context.Context, key string, data []byte) error {
	p, err := d.path(key)
	if err != nil {
		return err
	}
	if _, err := os.Stat(p); err == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return fmt.Errorf("attach: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return fmt.Errorf("attach: %w", err)
	}
	defer os.Remove(f.Name())
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), p)
	}
	if err != nil {
		return fmt.Errorf("attach: write blob: %w", err)
	}
	return nil
}

// Get reads the content stored under key.
func (d Dir) Get(ctx context.Context, key string) ([]byte, error) {
	p, err := d.path(key)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, errs.E(errs.NotFound, "Fichier introuvable.")
	}
	return b, err
}

// Deleter is a Blobs that can delete a content, for the retention job
// (Keeper.Remove). Delete of a key not stored is no error: a deletion
// interrupted and run again ends the same.
type Deleter interface {
	Delete(ctx context.Context, key string) error
}

// Delete removes the file stored under key, if any.
func (d Dir) Delete(ctx context.Context, key string) error {
	p, err := d.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("attach: delete blob: %w", err)
	}
	return nil
}
