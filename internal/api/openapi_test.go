package api_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/guichet/guichet/internal/api"
)

const prefix = "/api/v1" // the server URL of the document; its paths are relative to it

var spec struct {
	once   sync.Once
	doc    *openapi3.T
	router routers.Router
	err    error
}

// openAPI loads the document the API serves, through the API itself (the route is
// public and needs no core), and validates it.
func openAPI(t *testing.T) (*openapi3.T, routers.Router) {
	t.Helper()
	spec.once.Do(func() {
		rec := httptest.NewRecorder()
		api.New(api.Options{}).ServeHTTP(rec, httptest.NewRequest("GET", prefix+"/openapi.json", nil))
		loader := openapi3.NewLoader()
		if spec.doc, spec.err = loader.LoadFromData(rec.Body.Bytes()); spec.err != nil {
			return
		}
		if spec.err = spec.doc.Validate(context.Background()); spec.err != nil {
			return
		}
		spec.router, spec.err = gorillamux.NewRouter(spec.doc)
	})
	if spec.err != nil {
		t.Fatalf("OpenAPI document: %v", spec.err)
	}
	return spec.doc, spec.router
}

// validateResponse checks a response against the document: its status must be
// documented for the operation, its body must match the schema. Paths the document
// does not describe (the tests of unknown routes) are not checked here; the route
// table test proves that every real route is described.
func validateResponse(t *testing.T, r *http.Request, out reply) {
	t.Helper()
	_, router := openAPI(t)
	route, params, err := router.FindRoute(r)
	if err != nil {
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route},
		Status:                 out.Status,
		Header:                 out.Header,
		Body:                   io.NopCloser(bytes.NewReader(out.Body)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("%s %s → %d does not match the OpenAPI document: %v\n%s", r.Method, r.URL.Path, out.Status, err, out.Body)
	}
}

// TestOpenAPIMatchesRouteTable holds the document and the route table to each
// other: same operations, same query parameters, same public routes.
func TestOpenAPIMatchesRouteTable(t *testing.T) {
	doc, _ := openAPI(t)
	routes := map[string]api.Route{}
	for _, rt := range api.Routes() {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		rel, ok := strings.CutPrefix(path, prefix)
		if !ok {
			t.Errorf("route %s is not under %s", rt.Pattern, prefix)
			continue
		}
		routes[method+" "+rel] = rt
		op := doc.Paths.Find(rel).GetOperation(method)
		if doc.Paths.Value(rel) == nil || op == nil {
			t.Errorf("route %s is not in the OpenAPI document", rt.Pattern)
			continue
		}
		checkOperation(t, doc, rt, op)
	}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			if _, ok := routes[method+" "+path]; !ok {
				t.Errorf("the OpenAPI document describes %s %s, which no route serves", method, path)
			}
		}
	}
}

// checkOperation compares one operation with its route: query parameters and
// whether a token is needed.
func checkOperation(t *testing.T, doc *openapi3.T, rt api.Route, op *openapi3.Operation) {
	t.Helper()
	var documented []string
	for _, p := range op.Parameters {
		if p.Value.In == openapi3.ParameterInQuery {
			documented = append(documented, p.Value.Name)
		}
	}
	slices.Sort(documented)
	declared := slices.Sorted(slices.Values(rt.Query))
	if !slices.Equal(documented, declared) {
		t.Errorf("%s: query parameters documented %v, accepted %v", rt.Pattern, documented, declared)
	}
	public := op.Security != nil && len(*op.Security) == 0
	if public != rt.Public {
		t.Errorf("%s: public in the document = %v, in the route table = %v", rt.Pattern, public, rt.Public)
	}
	if !rt.Public && len(doc.Security) == 0 && op.Security == nil {
		t.Errorf("%s needs a token but the document asks for none", rt.Pattern)
	}
	if !rt.Public && op.Responses.Status(http.StatusUnauthorized) == nil {
		t.Errorf("%s needs a token but documents no 401", rt.Pattern)
	}
}
