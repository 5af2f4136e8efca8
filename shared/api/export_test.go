package api

import (
	"net/http"
	"net/http/httptest"
)

// ValidateRequest runs the contract's request validation on r as the route method+pattern would.
func ValidateRequest(r *http.Request, method, pattern string) error {
	var err error
	mux := http.NewServeMux()
	mux.HandleFunc(method+" "+pattern, func(_ http.ResponseWriter, r *http.Request) { err = validate(r, route{method: method, path: pattern}) })
	mux.ServeHTTP(httptest.NewRecorder(), r)
	return err
}

// CompileOperation compiles the checks of one operation.
func CompileOperation(method, pattern string) error {
	doc, err := contractDoc()
	if err != nil {
		return err
	}
	op, err := doc.operation(method, pattern)
	if err == nil && op == nil {
		return errNoOperation
	}
	return err
}

var errNoOperation = errorf("no operation")

// ErrorOf maps an error as the API answers it.
func ErrorOf(err error) (int, Error) { return httpError(err) }
