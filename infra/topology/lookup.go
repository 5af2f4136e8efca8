package topology

// Table returns the table called name.
func (t Topology) Table(name string) (Table, bool) {
	return find(t.Tables, name, func(x Table) string { return x.Name })
}

// Function returns the function called name.
func (t Topology) Function(name string) (Function, bool) {
	return find(t.Functions, name, func(x Function) string { return x.Name })
}

// Queue returns the queue called name.
func (t Topology) Queue(name string) (Queue, bool) {
	return find(t.Queues, name, func(x Queue) string { return x.Name })
}

// Bucket returns the bucket called name.
func (t Topology) Bucket(name string) (Bucket, bool) {
	return find(t.Buckets, name, func(x Bucket) string { return x.Name })
}

// StateMachine returns the state machine called name.
func (t Topology) StateMachine(name string) (StateMachine, bool) {
	return find(t.StateMachines, name, func(x StateMachine) string { return x.Name })
}

// Secret returns the secret called name.
func (t Topology) Secret(name string) (Secret, bool) {
	return find(t.Secrets, name, func(x Secret) string { return x.Name })
}

// QueuesFor returns the queues fed by a rule that matches source and detailType.
func (t Topology) QueuesFor(source, detailType string) []Queue {
	var out []Queue
	for _, q := range t.Queues {
		if q.Rule != nil && q.Rule.Matches(source, detailType) {
			out = append(out, q)
		}
	}
	return out
}

// Matches reports whether an event with this source and detail-type matches the rule.
func (r Rule) Matches(source, detailType string) bool {
	if r.Source != source {
		return false
	}
	for _, d := range r.DetailTypes {
		if d == detailType {
			return true
		}
	}
	return false
}

func find[T any](xs []T, name string, key func(T) string) (T, bool) {
	for _, x := range xs {
		if key(x) == name {
			return x, true
		}
	}
	var zero T
	return zero, false
}
