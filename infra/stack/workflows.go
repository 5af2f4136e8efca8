package stack

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsstepfunctions"
	"github.com/aws/jsii-runtime-go"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/infra/topology"
)

// addStateMachines creates one STANDARD state machine per topology workflow: approvals from
// topology.ApprovalDefinition here, bulk imports in addImportWorkflow. An approval's
// role may invoke the task function and put the decision on the bus, nothing else; execution logging and tracing
// are left off because both need grants on "*".
func (h *hearth) addStateMachines() {
	for _, sm := range h.topo.StateMachines {
		if sm.Kind == topology.KindBulkImport {
			h.addImportWorkflow(sm)
			continue
		}
		id := "Workflow" + pascal(sm.Name)
		fn := h.functions[sm.TaskFunction]
		definition, err := topology.ApprovalDefinition(sm, events.Source, *fn.FunctionArn(), *h.bus.EventBusName())
		if err != nil {
			panic(fmt.Sprintf("workflow %s: %v", sm.Name, err))
		}
		role := awsiam.NewRole(h.stack, jsii.String(id+"Role"), &awsiam.RoleProps{
			AssumedBy:   awsiam.NewServicePrincipal(jsii.String("states.amazonaws.com"), nil),
			Description: jsii.String(fmt.Sprintf("Hearth %s %s workflow: invoke %s, publish the decision", h.props.Stage, sm.Name, sm.TaskFunction)),
		})
		role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Sid:       jsii.String("InvokeTaskFunction"),
			Actions:   strs("lambda:InvokeFunction"),
			Resources: &[]*string{fn.FunctionArn()},
		}))
		role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Sid:       jsii.String("PublishDecision"),
			Actions:   strs("events:PutEvents"),
			Resources: &[]*string{h.bus.EventBusArn()},
		}))
		machine := awsstepfunctions.NewStateMachine(h.stack, jsii.String(id), &awsstepfunctions.StateMachineProps{
			StateMachineType: awsstepfunctions.StateMachineType_STANDARD,
			DefinitionBody:   awsstepfunctions.DefinitionBody_FromString(jsii.String(definition)),
			Role:             role,
			Comment:          jsii.String(fmt.Sprintf("Hearth %s workflow", sm.Name)),
		})
		h.stateMachines[sm.Name] = machine
		h.workflowRoles[sm.Name] = role
	}
}
