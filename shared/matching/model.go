package matching

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"

	"github.com/hearthcrm/hearth/shared/identity"
)

// model.json is the model the matcher scores with unless told otherwise: fitted once, not per message. To refit
// it (after a change to identity's comparators or to the data it is fitted on), run
//
//	HEARTH_REFIT_MODEL=1 go test ./shared/matching -run TestShippedModel
//
// which estimates it with identity.EstimateModel (the estimate Dedupe makes; see identity's package
// documentation) over FEBRL 1 and 2 (shared/identity/testdata) and 20,000 generated hotel records
// (identitytest.Generate, seed 11), writes model.json, and checks the result. A hotel group can fit its own: run
// identity.EstimateModel on a random sample of its guest records (a random sample, so that the prior, the odds that
// two records are one guest, is the group's), save it with WriteModel and pass it as Options.Model.
//
//go:embed model.json
var modelJSON []byte

// ModelFile is the saved form of a fitted model.
type ModelFile struct {
	// FittedOn says what the model was estimated from.
	FittedOn string `json:"fittedOn"`
	// Records is how many records the estimate saw.
	Records int             `json:"records"`
	Model   *identity.Model `json:"model"`
}

// DefaultModel returns a copy of the shipped model (model.json).
func DefaultModel() *identity.Model {
	f, err := ReadModel(bytes.NewReader(modelJSON))
	if err != nil {
		panic(fmt.Sprintf("matching: shipped model: %v", err))
	}
	return f.Model
}

// ReadModel reads a model saved by WriteModel.
func ReadModel(r io.Reader) (ModelFile, error) {
	var f ModelFile
	if err := json.NewDecoder(r).Decode(&f); err != nil {
		return ModelFile{}, fmt.Errorf("read model: %w", err)
	}
	if f.Model == nil {
		return ModelFile{}, fmt.Errorf("read model: no model")
	}
	if f.Model.Lower > f.Model.Upper {
		return ModelFile{}, fmt.Errorf("read model: lower threshold %g is above upper threshold %g", f.Model.Lower, f.Model.Upper)
	}
	return f, nil
}

// WriteModel saves a model as indented JSON. Only the exported parameters are kept: the weights, the prior and
// the thresholds. Term frequencies belong to a batch and are not saved, as EstimateModel leaves them out.
func WriteModel(w io.Writer, f ModelFile) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(f)
}
