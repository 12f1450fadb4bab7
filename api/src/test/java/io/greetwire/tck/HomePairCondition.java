package io.greetwire.tck;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Runs {@link OncePerServer} and {@link OncePerClient} tests on their home pair only. */
final class HomePairCondition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty() || context.getTestInstance().isEmpty()
                || !(context.getTestInstance().get() instanceof PairedSuite)) {
            return ConditionEvaluationResult.enabled("not a paired test");
        }
        TransportPair pair = ((PairedSuite) context.getTestInstance().get()).pair();
        var m = context.getRequiredTestMethod();
        if (m.isAnnotationPresent(OncePerServer.class) && !pair.serverHome()) {
            return ConditionEvaluationResult.disabled("a server-only test: it runs with " + pair.server().name()
                    + "'s own client");
        }
        if (m.isAnnotationPresent(OncePerClient.class) && !pair.clientHome()) {
            return ConditionEvaluationResult.disabled("a client-only test: it runs with " + pair.client().name()
                    + "'s own server");
        }
        return ConditionEvaluationResult.enabled("home pair");
    }
}
