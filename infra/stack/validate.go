package stack

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/hearthcrm/hearth/infra/topology"
)

var (
	stageName = regexp.MustCompile(`^[a-z][a-z0-9-]{0,19}$`)
	// Cognito's rule for a hosted login domain prefix.
	domainPrefix     = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$`)
	reservedInPrefix = regexp.MustCompile(`aws|amazon|cognito`)
)

// validate catches the mistakes CloudFormation would only report mid-deploy (or CDK as an unreadable token error):
// dangling names, a queue that would redeliver messages still being processed, a missing bootstrap.
func validate(p Props) error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	t := p.Topology

	if !stageName.MatchString(p.Stage) {
		add("stage %q: want lower-case letters, digits and dashes, starting with a letter, at most 20", p.Stage)
	}
	for _, f := range t.Functions {
		for name, a := range f.Tables {
			if _, ok := t.Table(name); !ok {
				add("function %s: unknown table %s", f.Name, name)
			}
			if a == topology.Erase {
				add("function %s: erase access is for buckets, not table %s", f.Name, name)
			}
		}
		for name := range f.Buckets {
			if !hasBucket(t, name) {
				add("function %s: unknown bucket %s", f.Name, name)
			}
		}
		for _, q := range f.SendsTo {
			if _, ok := t.Queue(q); !ok {
				add("function %s: sends to unknown queue %s", f.Name, q)
			}
		}
		for _, sm := range append(append([]string{}, f.StartsWorkflows...), f.CompletesWorkflow...) {
			w, ok := t.StateMachine(sm)
			switch {
			case !ok:
				add("function %s: unknown workflow %s", f.Name, sm)
			case w.TaskFunction == f.Name:
				// The workflow's definition names the function and the function's policy would name the workflow.
				add("function %s: is the task function of workflow %s and cannot also start or answer it (circular reference)", f.Name, sm)
			}
		}
		if p.AssetDir != "" {
			bootstrap := filepath.Join(p.AssetDir, f.Name, "bootstrap")
			if _, err := os.Stat(bootstrap); err != nil {
				add("function %s: no %s (run scripts/build, or pass -c assets=<dir>)", f.Name, bootstrap)
			}
		}
	}
	if p.AssetDir == "" {
		add("no asset dir")
	}
	if p.ConsoleDir == "" {
		add("no console build (pass -c console=<dir>, usually console/dist)")
	} else if _, err := os.Stat(filepath.Join(p.ConsoleDir, "index.html")); err != nil {
		add("console: no %s (run scripts/build, or pass -c console=<dir>)", filepath.Join(p.ConsoleDir, "index.html"))
	}
	if p.LoginDomainPrefix != "" && (!domainPrefix.MatchString(p.LoginDomainPrefix) || reservedInPrefix.MatchString(p.LoginDomainPrefix)) {
		add("login domain prefix %q: want lower-case letters, digits and inner dashes, at most 63, without aws, amazon or cognito", p.LoginDomainPrefix)
	}
	for _, q := range t.Queues {
		fn, ok := t.Function(q.Consumer)
		if !ok {
			add("queue %s: unknown consumer %s", q.Name, q.Consumer)
			continue
		}
		if q.VisibilityTimeout < fn.Timeout {
			add("queue %s: visibility timeout %s is shorter than %s's timeout %s", q.Name, q.VisibilityTimeout, fn.Name, fn.Timeout)
		}
		if q.MaxReceiveCount < 1 {
			add("queue %s: max receive count must be at least 1", q.Name)
		}
		maxBatch := 10000
		if q.FIFO {
			maxBatch = 10
		}
		if q.BatchSize < 1 || q.BatchSize > maxBatch {
			add("queue %s: batch size %d out of range 1..%d", q.Name, q.BatchSize, maxBatch)
		}
	}
	for _, sm := range t.StateMachines {
		if _, ok := t.Function(sm.TaskFunction); !ok {
			add("workflow %s: unknown task function %s", sm.Name, sm.TaskFunction)
		}
		switch sm.Kind {
		case topology.KindApproval:
		case topology.KindBulkImport:
			b, ok := t.Bucket(sm.Bucket)
			if !ok || !b.Notify {
				add("workflow %s: starts on files in bucket %q, which must exist and notify EventBridge", sm.Name, sm.Bucket)
			}
			if sm.MaxConcurrency < 1 || sm.Prefix == "" {
				add("workflow %s: needs a key prefix and a positive MaxConcurrency", sm.Name)
			}
		default:
			add("workflow %s: unknown kind %q", sm.Name, sm.Kind)
		}
	}
	for _, s := range t.Schedules {
		if _, err := scheduleInput(s); err != nil {
			add("schedule %s: %v", s.Name, err)
		}
	}
	if _, ok := t.Function(t.API.Function); !ok {
		add("api: unknown function %q", t.API.Function)
	}
	for _, r := range t.API.PublicRoutes {
		if _, _, err := parseRoute(r); err != nil {
			add("api: %v", err)
		}
	}
	for _, wh := range t.API.Webhooks {
		if _, _, err := parseRoute(wh.Route); err != nil {
			add("webhook: %v", err)
		}
		if _, ok := t.Function(wh.Function); !ok {
			add("webhook %s: unknown function %q", wh.Route, wh.Function)
		}
	}
	return errors.Join(errs...)
}

func hasBucket(t topology.Topology, name string) bool {
	for _, b := range t.Buckets {
		if b.Name == name {
			return true
		}
	}
	return false
}
