package stack

import (
	"encoding/json"
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsscheduler"
	"github.com/aws/jsii-runtime-go"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/infra/topology"
)

// scheduleInput is the detail a schedule publishes: topology's envelope with the scheduler's placeholders (the
// local runtime renders the same string), checked to be JSON so a bad Data fails synth rather than the schedule.
func scheduleInput(s topology.Schedule) (string, error) {
	if s.DetailType == "" {
		return "", fmt.Errorf("no detail-type")
	}
	input := s.Input()
	if !json.Valid([]byte(input)) {
		return "", fmt.Errorf("input is not JSON (is Data a JSON object?): %s", input)
	}
	return input, nil
}

// addSchedules creates one EventBridge Scheduler schedule per topology schedule, targeting the bus directly with
// the envelope as detail. They share a role that may only put events on the bus.
func (h *hearth) addSchedules() {
	if len(h.topo.Schedules) == 0 {
		return
	}
	h.schedulerRole = awsiam.NewRole(h.stack, jsii.String("SchedulerRole"), &awsiam.RoleProps{
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("scheduler.amazonaws.com"), nil).
			WithConditions(&map[string]interface{}{"StringEquals": map[string]interface{}{"aws:SourceAccount": h.stack.Account()}}),
		Description: jsii.String(fmt.Sprintf("Hearth %s schedules: put events on the bus", h.props.Stage)),
	})
	h.schedulerRole.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:       jsii.String("PutScheduledEvents"),
		Actions:   strs("events:PutEvents"),
		Resources: &[]*string{h.bus.EventBusArn()},
	}))
	for _, s := range h.topo.Schedules {
		input, err := scheduleInput(s)
		if err != nil {
			panic(fmt.Sprintf("schedule %s: %v", s.Name, err))
		}
		schedule := awsscheduler.NewCfnSchedule(h.stack, jsii.String("Schedule"+pascal(s.Name)), &awsscheduler.CfnScheduleProps{
			Description:                jsii.String(fmt.Sprintf("Hearth %s: %s", h.props.Stage, s.DetailType)),
			ScheduleExpression:         jsii.String(s.Expression),
			ScheduleExpressionTimezone: jsii.String("UTC"),
			FlexibleTimeWindow:         &awsscheduler.CfnSchedule_FlexibleTimeWindowProperty{Mode: jsii.String("OFF")},
			State:                      jsii.String("ENABLED"),
			Target: &awsscheduler.CfnSchedule_TargetProperty{
				Arn:     h.bus.EventBusArn(),
				RoleArn: h.schedulerRole.RoleArn(),
				Input:   jsii.String(input),
				EventBridgeParameters: &awsscheduler.CfnSchedule_EventBridgeParametersProperty{
					DetailType: jsii.String(s.DetailType),
					Source:     jsii.String(events.Source),
				},
				RetryPolicy: &awsscheduler.CfnSchedule_RetryPolicyProperty{
					MaximumEventAgeInSeconds: jsii.Number(3600),
					MaximumRetryAttempts:     jsii.Number(10),
				},
			},
		})
		// The role's policy must exist before the scheduler first fires.
		schedule.Node().AddDependency(h.schedulerRole)
	}
}
