package record

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUnwritableCassettesFolder records into a folder where the cassette
// cannot be saved. chmod does not stop root (these tests often run as
// root in containers), so the cases that always run make saving fail in
// ways root cannot get round: the cassettes "folder" is a regular file,
// and the cassette's name is taken by a folder. A read-only folder
// (chmod 0555) is added when not running as root. A folder that cannot be
// written at all is refused before any request (upFront); otherwise each
// scenario fails with an error naming the cassette. In every case the old
// files are intact and no temp file is left behind.
func TestUnwritableCassettesFolder(t *testing.T) {
	scen := scenarios(t, 2)
	old := []byte("old bytes\n")
	tests := []struct {
		name    string
		setup   func(t *testing.T, dir string) (cassettes string, keep []string)
		wantErr string
		upFront bool
	}{
		{
			name: "cassettes path is a file",
			setup: func(t *testing.T, dir string) (string, []string) {
				path := filepath.Join(dir, "cassettes")
				require.NoError(t, os.WriteFile(path, old, 0o644))
				return path, []string{path}
			},
			wantErr: "not a directory",
			upFront: true,
		},
		{
			name: "cassette name taken by a folder",
			setup: func(t *testing.T, dir string) (string, []string) {
				for _, name := range []string{"s0.yaml", "s1.yaml"} {
					require.NoError(t, os.MkdirAll(filepath.Join(dir, name), 0o755))
					require.NoError(t, os.WriteFile(filepath.Join(dir, name, "keep"), old, 0o644))
				}
				return dir, []string{filepath.Join(dir, "s0.yaml", "keep"), filepath.Join(dir, "s1.yaml", "keep")}
			},
			wantErr: "save ",
		},
	}
	if os.Geteuid() != 0 {
		tests = append(tests, struct {
			name    string
			setup   func(t *testing.T, dir string) (string, []string)
			wantErr string
			upFront bool
		}{
			name: "read-only folder",
			setup: func(t *testing.T, dir string) (string, []string) {
				path := filepath.Join(dir, "s0.yaml")
				require.NoError(t, os.WriteFile(path, old, 0o644))
				require.NoError(t, os.Chmod(dir, 0o555))
				t.Cleanup(func() { os.Chmod(dir, 0o755) })
				return dir, []string{path}
			},
			wantErr: "is not writable",
			upFront: true,
		})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			cassettes, keep := tt.setup(t, dir)
			var log bytes.Buffer
			sum, err := Run(context.Background(), Options{Scenarios: scen, Cassettes: cassettes, BaseURL: mock.URL(t), Log: &log})
			if tt.upFront {
				require.Error(t, err)
				assert.Contains(t, err.Error(), cassettes, "names the folder")
				assert.Contains(t, err.Error(), tt.wantErr)
				assert.Empty(t, log.String(), "refused before recording anything")
			} else {
				require.NoError(t, err)
				assert.Equal(t, 2, sum.Failed(), "log:\n%s", log.String())
				for _, o := range sum.Outcomes {
					require.Error(t, o.Err)
					assert.Contains(t, o.Err.Error(), filepath.Join(cassettes, o.Name+".yaml"), "names the cassette")
					assert.Contains(t, o.Err.Error(), tt.wantErr)
				}
				assert.Contains(t, log.String(), "not saved (old cassette kept)")
				assert.Contains(t, log.String(), "recorded 0 of 2 scenarios")
			}
			for _, path := range keep {
				data, err := os.ReadFile(path)
				require.NoError(t, err)
				assert.Equal(t, old, data, path)
			}
			temps, err := filepath.Glob(filepath.Join(dir, ".*"))
			require.NoError(t, err)
			assert.Empty(t, temps, "no temp file left behind")
		})
	}
}
