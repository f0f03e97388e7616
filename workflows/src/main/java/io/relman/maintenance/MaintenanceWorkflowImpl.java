package io.relman.maintenance;

import io.relman.plan.Environment;
import io.relman.plan.ReleaseStep;
import io.relman.plan.Service;
import io.relman.release.ReleaseProgress;
import io.relman.release.RunEvents;
import io.relman.saga.Compensations;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

public class MaintenanceWorkflowImpl implements MaintenanceWorkflow {
    private final RunEvents events = new RunEvents();
    /** Who took the page down, or null while it is to stay up. */
    private String takenDownBy;

    @Override
    public ReleaseProgress progress() {
        return events.progress(List.of());
    }

    @Override
    public void abort(String by) {
        if (takenDownBy == null) {
            takenDownBy = by;
            events.report("taken down by " + by + ": the traffic goes back and the page is removed");
        }
    }

    @Override
    public MaintenanceReport maintain(MaintenanceOrder order) {
        Optional<String> refusal = order.refusal();
        if (refusal.isPresent()) {
            events.report(ReleaseStep.FAILED, 0, refusal.get());
            throw ApplicationFailure.newNonRetryableFailure(refusal.get(), "PlanError");
        }
        Environment environment = order.plan().environment(order.environment()).orElseThrow();
        List<Service> services = order.held();
        List<String> names = services.stream().map(Service::name).toList();
        HeldTraffic traffic = new HeldTraffic(environment, order.plan().project(), order.environment());
        // The services whose upstream may name the page: each is added before it is held, so that a failure
        // or a cancel half-way sends it back too.
        List<Service> held = new ArrayList<>();
        long upSince = Workflow.currentTimeMillis();
        try {
            events.report(ReleaseStep.PREFLIGHT, 10, "before the page: " + traffic.readRouted(services));
            for (Service service : services) {
                held.add(service);
                events.report(ReleaseStep.ROLLOUT, 25, traffic.hold(service));
            }
            upSince = Workflow.currentTimeMillis();
            events.report(
                    ReleaseStep.ROLLOUT,
                    UP_PERCENT,
                    "maintenance page up for " + String.join(", ", names) + ": nginx answers "
                            + traffic.page().heldAnswer(services) + "; relman maintenance off --env "
                            + order.environment()
                            + " takes it down");
            Workflow.await(() -> takenDownBy != null);
        } catch (TemporalFailure failure) {
            boolean cancelled = CancellationScope.current().isCancelRequested();
            String reason = cancelled ? "cancelled" : Compensations.shortMessage(failure);
            events.report(
                    ReleaseStep.COMPENSATE,
                    events.percent(),
                    reason + ": the traffic goes back and the page is removed");
            takeDown(traffic, held);
            String outcome = "the maintenance page of " + order.environment() + " ended " + reason
                    + (held.isEmpty() ? " before it held any traffic" : "; the traffic is back where it was");
            events.report(ReleaseStep.FAILED, events.percent(), outcome);
            if (cancelled) {
                throw new CanceledFailure(outcome);
            }
            throw ApplicationFailure.newNonRetryableFailureWithCause(outcome, "MaintenanceFailed", failure);
        }
        long upMillis = Workflow.currentTimeMillis() - upSince;
        takeDown(traffic, held);
        events.report(
                ReleaseStep.DONE,
                100,
                "maintenance page down after " + upMillis + " ms, taken down by " + takenDownBy
                        + ": the traffic is back where it was");
        return new MaintenanceReport(names, upMillis, takenDownBy);
    }

    /** Sends the held services back to what they routed and removes the page, whatever cancelled the run. */
    private void takeDown(HeldTraffic traffic, List<Service> held) {
        Workflow.newDetachedCancellationScope(() -> {
                    for (Service service : held) {
                        events.report(ReleaseStep.VERIFY, 75, traffic.reopen(service));
                    }
                    traffic.page().remove();
                })
                .run();
    }
}
