package sharedbody

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestValueReusesTheDecode(t *testing.T) {
	var b Body
	if From(With(context.Background(), &b)) != &b || From(context.Background()) != nil {
		t.Fatal("With/From do not round-trip")
	}
	raw := []byte(`{"a":1,"a":2}`)
	v, unique, err := b.Decode(raw)
	if err != nil || unique {
		t.Fatalf("Decode: unique %v, %v", unique, err)
	}
	if got := b.Value(raw); cmp.Diff(v, got) != "" {
		t.Errorf("Value of the decoded bytes = %v, want %v", got, v)
	}
	m := v.(map[string]any)
	m["kept"] = true // the very value Decode made, not a second decode
	if _, ok := b.Value(raw).(map[string]any)["kept"]; !ok {
		t.Error("Value decoded the same bytes again")
	}
	other := []byte(`{"a":1,"a":2}`) // equal bytes, another slice
	if _, ok := b.Value(other).(map[string]any)["kept"]; ok {
		t.Error("Value reused the decode for another slice")
	}
	if b.Value([]byte(`{`)) != nil {
		t.Error("Value of a body that is not JSON is not nil")
	}
	bad := []byte(`{`)
	b.Decode(bad)
	if b.Value(bad) != nil {
		t.Error("Value after a failed Decode is not nil")
	}
	var none *Body
	if none.Value([]byte(`1`)) == nil {
		t.Error("a nil Body does not decode")
	}
}
