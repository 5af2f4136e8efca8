package topology

import (
	"fmt"
	"strconv"
	"strings"
)

// Placeholders EventBridge Scheduler replaces in a target's input; the local runtime replaces them the same way.
const (
	ScheduledTimePlaceholder = "<aws.scheduler.scheduled-time>"
	ExecutionIDPlaceholder   = "<aws.scheduler.execution-id>"
)

// Input renders the envelope a schedule puts on the bus, with the scheduler's placeholders for id and time. The
// idempotency key is the schedule and its scheduled time, so a repeated firing is recognised downstream.
func (s Schedule) Input() string {
	return fmt.Sprintf(`{"id":%q,"type":%s,"version":1,"occurredAt":%q,"idempotencyKey":%q,"data":%s}`,
		ExecutionIDPlaceholder, strconv.Quote(s.DetailType), ScheduledTimePlaceholder,
		"schedule/"+s.Name+"/"+ScheduledTimePlaceholder, s.Data)
}

// RenderInput replaces the placeholders as the scheduler would.
func (s Schedule) RenderInput(executionID, scheduledTime string) string {
	return strings.NewReplacer(ExecutionIDPlaceholder, executionID, ScheduledTimePlaceholder, scheduledTime).Replace(s.Input())
}
