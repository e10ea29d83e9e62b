package scenario

import "gopkg.in/yaml.v3"

// nodeAlloc hands out the nodes of one tree from chunks, a few
// allocations per file rather than one per node.
type nodeAlloc struct {
	chunk []yaml.Node
	size  int // nodes per chunk
}

// node returns a pointer to a copy of n. The first chunk holds size
// nodes, each later one a quarter of that.
func (a *nodeAlloc) node(n yaml.Node) *yaml.Node {
	if len(a.chunk) == cap(a.chunk) {
		a.chunk = make([]yaml.Node, 0, max(a.size, 16))
		a.size /= 4
	}
	a.chunk = append(a.chunk, n)
	return &a.chunk[len(a.chunk)-1]
}
