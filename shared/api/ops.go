package api

import (
	"net/http"

	"github.com/hearthcrm/hearth/shared/local"
)

func (s *server) queue(r *http.Request) (*local.Queue, error) {
	if s.Ops == nil {
		return nil, errNotAvailable
	}
	q, err := s.Ops.Queue(r.PathValue("name"))
	if err != nil {
		return nil, errorf("%v", err)
	}
	return q, nil
}

func (s *server) queues(w http.ResponseWriter, _ *http.Request, c *call) error {
	if s.Ops == nil {
		return errNotAvailable
	}
	writeJSON(w, http.StatusOK, map[string]any{"queues": s.Ops.Stats()})
	return nil
}

func (s *server) deadLetters(w http.ResponseWriter, r *http.Request, c *call) error {
	q, err := s.queue(r)
	if err != nil {
		return err
	}
	pq, err := readPage(r, "dead-letters/"+r.PathValue("name"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, paginate(q.DeadLetters(), func(d local.DeadLetter) string { return timeKey(d.DeadAt) + "#" + d.ID }, pq))
	return nil
}

func (s *server) redrive(w http.ResponseWriter, r *http.Request, c *call) error {
	q, err := s.queue(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int{"redriven": q.Redrive()})
	return nil
}
