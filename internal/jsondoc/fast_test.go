package jsondoc

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// library is Decode without the fast path: encoding/json with UseNumber.
func library(body []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("invalid character after top-level value")
	}
	return v, nil
}

// TestFastPathTakesRecordedBodies: the response bodies of the committed
// cassettes take the fast path and decode as encoding/json does; the
// cases it leaves to encoding/json do not.
func TestFastPathTakesRecordedBodies(t *testing.T) {
	files, err := filepath.Glob("../../cassettes/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatal("no cassettes")
	}
	bodies := []string{`{"a":[1,-0.5e+3,"x\u00e9\n\"",null,true,false,{},[]],"b":{"c":"é"}}`, ` 12 `, `"\/"`}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var c struct {
			Interactions []struct {
				Response struct{ Body string }
			}
		}
		if err := yaml.Unmarshal(data, &c); err != nil {
			t.Fatal(err)
		}
		for _, i := range c.Interactions {
			if strings.HasPrefix(strings.TrimSpace(i.Response.Body), "{") {
				bodies = append(bodies, i.Response.Body)
			}
		}
	}
	if len(bodies) < 20 {
		t.Fatalf("only %d bodies", len(bodies))
	}
	for _, b := range bodies {
		v, ok := decodeFast([]byte(b))
		if !ok {
			t.Fatalf("fast path refused %.80q", b)
		}
		want, err := library([]byte(b))
		if err != nil || !reflect.DeepEqual(v, want) {
			t.Fatalf("fast %#v, encoding/json %#v, %v", v, want, err)
		}
	}
	for _, b := range []string{``, `{`, `{} {}`, `01`, `1.`, `"\ud800"`, "\"\xff\"", `{"a" 1}`, `[1,]`, `tru`, "\"\x01\""} {
		if _, ok := decodeFast([]byte(b)); ok {
			t.Errorf("fast path took %q, which it must leave to encoding/json", b)
		}
	}
}

// FuzzDecode: whatever the fast path decodes, encoding/json decodes to
// the same value.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{`{"a":[1,2.5e-3,"\u00e9\t",null,true]}`, `[]`, `"\ud83d\ude00"`, `-0`, `{"a":1,"a":2}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, ok := decodeFast(b)
		if !ok {
			return
		}
		want, err := library(b)
		if err != nil {
			t.Fatalf("fast path decoded %q, which encoding/json refuses: %v", b, err)
		}
		if !reflect.DeepEqual(v, want) {
			t.Fatalf("%q: fast %#v, encoding/json %#v", b, v, want)
		}
	})
}
