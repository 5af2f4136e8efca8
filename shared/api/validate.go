package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/hearthcrm/hearth/shared/profile"
	"github.com/hearthcrm/hearth/shared/reply"
)

// Requests are validated against openapi.json before their handler runs: path, query and header parameters and the
// JSON body, each against its schema. An invalid request is answered 400 invalid_request with a detail per field.
//
// OpenAPI 3.1 schemas are JSON Schema 2020-12, so the validator is santhosh-tekuri/jsonschema, which the api function
// links anyway for guest profiles; kin-openapi checks the document and every response in the tests only (package
// apitest). It would add about 1.1 MB to the api binary, and for 3.1 documents it compiles a schema on every
// validation, where this compiles each operation's schemas once. The document is parsed on the first request, and
// an operation's schemas compiled on its first request: a cold start pays for neither.

const (
	contractURL = "https://hearth.example/openapi.json"
	profileURL  = "https://hearth.example/schemas/guest-profile.schema.json"
	maxBody     = 1 << 20
)

// document is openapi.json parsed for validation.
type document struct {
	paths    map[string]any
	params   map[string]any // components/parameters
	mu       sync.Mutex     // the compiler is not safe for concurrent use
	compiler *jsonschema.Compiler
	ops      sync.Map // "METHOD /path" → *operation
}

var contractDoc = sync.OnceValues(func() (*document, error) {
	raw, err := jsonschema.UnmarshalJSON(bytes.NewReader(openapiJSON()))
	if err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	prof, err := jsonschema.UnmarshalJSON(bytes.NewReader(profile.SchemaJSON()))
	if err != nil {
		return nil, fmt.Errorf("guest profile schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource(contractURL, raw); err != nil {
		return nil, err
	}
	if err := c.AddResource(profileURL, prof); err != nil {
		return nil, err
	}
	root, _ := raw.(map[string]any)
	paths, _ := root["paths"].(map[string]any)
	components, _ := root["components"].(map[string]any)
	params, _ := components["parameters"].(map[string]any)
	return &document{paths: paths, params: params, compiler: c}, nil
})

// operation is what one operation checks.
type operation struct {
	params       []param
	body         *jsonschema.Schema
	bodyRequired bool
}

type param struct {
	name, in string
	required bool
	typ      string // the schema's type, to read the text as
	schema   *jsonschema.Schema
}

// pointer escapes a JSON pointer token.
func pointer(tokens ...string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteString("/" + strings.NewReplacer("~", "~0", "/", "~1").Replace(t))
	}
	return b.String()
}

// operation compiles (once) the checks of the operation at method and path; nil if the document has none.
func (d *document) operation(method, path string) (*operation, error) {
	key := method + " " + path
	if op, ok := d.ops.Load(key); ok {
		return op.(*operation), nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if op, ok := d.ops.Load(key); ok {
		return op.(*operation), nil
	}
	item, _ := d.paths[path].(map[string]any)
	spec, _ := item[strings.ToLower(method)].(map[string]any)
	if spec == nil {
		return nil, nil
	}
	op := &operation{}
	base := contractURL + "#" + pointer("paths", path)
	// Parameters of the path item, then of the operation, each with the location of its schema.
	type located struct {
		spec map[string]any
		loc  string
	}
	var params []located
	for _, where := range []string{"", strings.ToLower(method)} {
		holder := item
		if where != "" {
			holder = spec
		}
		list, _ := holder["parameters"].([]any)
		for i, p := range list {
			ps, _ := p.(map[string]any)
			loc := base + pointer("parameters", strconv.Itoa(i))
			if where != "" {
				loc = base + pointer(where, "parameters", strconv.Itoa(i))
			}
			if ref, ok := ps["$ref"].(string); ok {
				name := strings.TrimPrefix(ref, "#/components/parameters/")
				ps, _ = d.params[name].(map[string]any)
				loc = contractURL + "#" + pointer("components", "parameters", name)
			}
			params = append(params, located{ps, loc})
		}
	}
	for _, l := range params {
		p := l.spec
		schema, err := d.compiler.Compile(l.loc + "/schema")
		if err != nil {
			return nil, fmt.Errorf("%s parameter %v: %w", key, p["name"], err)
		}
		ps, _ := p["schema"].(map[string]any)
		typ, _ := ps["type"].(string)
		name, _ := p["name"].(string)
		in, _ := p["in"].(string)
		required, _ := p["required"].(bool)
		op.params = append(op.params, param{name: name, in: in, required: required, typ: typ, schema: schema})
	}
	if body, ok := spec["requestBody"].(map[string]any); ok {
		op.bodyRequired, _ = body["required"].(bool)
		if content, _ := body["content"].(map[string]any); content["application/json"] != nil {
			schema, err := d.compiler.Compile(base + pointer(strings.ToLower(method), "requestBody", "content", "application/json", "schema"))
			if err != nil {
				return nil, fmt.Errorf("%s body: %w", key, err)
			}
			op.body = schema
		}
	}
	d.ops.Store(key, op)
	return op, nil
}

// validate checks r against the operation of rt, leaving the body readable for the handler.
func validate(r *http.Request, rt route) error {
	doc, err := contractDoc()
	if err != nil {
		return err
	}
	op, err := doc.operation(rt.method, rt.path)
	if err != nil || op == nil {
		return err
	}
	var details []reply.Detail
	for _, p := range op.params {
		var value string
		var present bool
		switch p.in {
		case "path":
			value = r.PathValue(p.name)
			present = value != ""
		case "query":
			present = r.URL.Query().Has(p.name)
			value = r.URL.Query().Get(p.name)
		case "header":
			value = r.Header.Get(p.name)
			present = value != ""
		}
		if !present {
			if p.required {
				details = append(details, reply.Detail{In: p.in, Field: p.name, Reason: "required"})
			}
			continue
		}
		details = append(details, problems(p.in, p.name, p.schema.Validate(typed(value, p.typ)), true)...)
	}
	if op.body != nil {
		raw, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBody))
		if err != nil {
			return invalid("body", "", "larger than 1 MiB")
		}
		r.Body = io.NopCloser(bytes.NewReader(raw))
		switch {
		case len(bytes.TrimSpace(raw)) == 0:
			if op.bodyRequired {
				details = append(details, reply.Detail{In: "body", Field: "", Reason: "a JSON body is required"})
			}
		default:
			v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
			if err != nil {
				details = append(details, reply.Detail{In: "body", Field: "", Reason: "not JSON: " + err.Error()})
				break
			}
			details = append(details, problems("body", "", op.body.Validate(v), false)...)
		}
	}
	if len(details) > 0 {
		return &requestError{details: details}
	}
	return nil
}

// typed reads a parameter's text as its schema's type; text that does not parse stays text, which the schema then
// refuses with a clear reason.
func typed(s, typ string) any {
	switch typ {
	case "integer", "number":
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return json.Number(s)
		}
	case "boolean":
		if b, err := strconv.ParseBool(s); err == nil {
			return b
		}
	}
	return s
}

var english = sync.OnceValue(func() *message.Printer { return message.NewPrinter(language.English) })

// problems turns a validation error into details: one per leaf, naming the field (a parameter, or a JSON pointer
// into the body). Missing and unknown properties name the property itself.
func problems(in, name string, err error, isParam bool) []reply.Detail {
	var ve *jsonschema.ValidationError
	if err == nil {
		return nil
	}
	if !errors.As(err, &ve) {
		return []reply.Detail{{In: in, Field: name, Reason: err.Error()}}
	}
	var out []reply.Detail
	var walk func(*jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		field := name
		if !isParam {
			field = pointer(e.InstanceLocation...)
		}
		switch k := e.ErrorKind.(type) {
		case *kind.Required:
			for _, p := range k.Missing {
				out = append(out, reply.Detail{In: in, Field: field + pointer(p), Reason: "required"})
			}
		case *kind.AdditionalProperties:
			for _, p := range k.Properties {
				out = append(out, reply.Detail{In: in, Field: field + pointer(p), Reason: "unknown field"})
			}
		default:
			out = append(out, reply.Detail{In: in, Field: field, Reason: e.ErrorKind.LocalizedString(english())})
		}
	}
	walk(ve)
	return out
}
