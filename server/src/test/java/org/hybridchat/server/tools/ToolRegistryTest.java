package org.hybridchat.server.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.hybridchat.contract.ToolResult;
import org.hybridchat.server.session.SessionId;
import org.hybridchat.server.tools.ToolRegistry.Decision;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The registry decides every call the same way, whatever proposed it. */
class ToolRegistryTest {
    private static final Caller USER = new Caller(SessionId.random(), false);
    private static final Caller ADMIN = new Caller(SessionId.random(), true);

    private final CountingTool echo = new CountingTool("echo", Permission.USER, false);
    private final CountingTool shutdown = new CountingTool("shutdown", Permission.ADMIN, false);
    private final CountingTool erase = new CountingTool("erase", Permission.USER, true);
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final ToolRegistry registry = new ToolRegistry(List.of(echo, shutdown, erase), metrics);

    @Test
    void a_call_that_fits_runs_and_is_counted() {
        assertThat(decide("echo", "{\"text\":\"hi\"}", USER, false))
                .isEqualTo(new Decision.Answered(new ToolResult.Calculation("hi", "hi")));
        assertThat(echo.runs.get()).isEqualTo(1);
        assertThat(metrics.counter("hybridchat.tool.calls", "tool", "echo", "outcome", "ran").count()).isEqualTo(1);
    }

    @Test
    void a_user_is_refused_an_admin_tool_with_a_reason_and_it_does_not_run() {
        Decision decision = decide("shutdown", "{\"text\":\"now\"}", USER, false);

        assertThat(decision).isEqualTo(new Decision.Answered(new ToolResult.Refused(
                "shutdown needs the admin role, which this request does not have.")));
        assertThat(shutdown.runs.get()).isZero();
        assertThat(decide("shutdown", "{\"text\":\"now\"}", ADMIN, false)).isInstanceOf(Decision.Answered.class);
        assertThat(shutdown.runs.get()).isEqualTo(1);
    }

    @Test
    void arguments_outside_the_schema_and_unknown_tools_fail_without_running_anything() {
        assertThat(decide("echo", "{\"text\":\"hi\",\"admin\":\"true\"}", USER, false))
                .isEqualTo(new Decision.Answered(new ToolResult.Failed("There is no argument 'admin'.")));
        assertThat(decide("rm", "{}", ADMIN, false))
                .isEqualTo(new Decision.Answered(new ToolResult.Failed("There is no tool called 'rm'.")));
        assertThat(echo.runs.get()).isZero();
    }

    @Test
    void a_tool_that_needs_approval_only_asks_until_the_call_is_approved() {
        assertThat(decide("erase", "{\"text\":\"all\"}", USER, false))
                .isEqualTo(new Decision.AwaitingApproval("Run erase?"));
        assertThat(erase.runs.get()).isZero();

        assertThat(decide("erase", "{\"text\":\"all\"}", USER, true)).isInstanceOf(Decision.Answered.class);
        assertThat(erase.runs.get()).isEqualTo(1);
    }

    @Test
    void a_tool_that_throws_answers_with_a_failure_instead_of_breaking_the_run() {
        ToolRegistry withBrokenTool = new ToolRegistry(List.of(new CountingTool("broken", Permission.USER, false) {
            @Override
            public Mono<ToolResult> run(Map<String, String> arguments, Caller caller) {
                return Mono.error(new IllegalStateException("disk on fire"));
            }
        }), metrics);

        assertThat(withBrokenTool.call(new ToolCall("c", "broken", "{\"text\":\"x\"}"), USER, false).block())
                .isEqualTo(new Decision.Answered(new ToolResult.Failed("The broken tool failed.")));
    }

    private Decision decide(String tool, String arguments, Caller caller, boolean approved) {
        return registry.call(new ToolCall("call-1", tool, arguments), caller, approved).block();
    }

    private static class CountingTool implements Tool {
        final AtomicInteger runs = new AtomicInteger();
        private final String name;
        private final Permission permission;
        private final boolean needsApproval;

        CountingTool(String name, Permission permission, boolean needsApproval) {
            this.name = name;
            this.permission = permission;
            this.needsApproval = needsApproval;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return "a tool for the registry's tests";
        }

        @Override
        public ToolArguments arguments() {
            return ToolArguments.of(new Parameter("text", "anything", 20));
        }

        @Override
        public Permission permission() {
            return permission;
        }

        @Override
        public boolean needsApproval() {
            return needsApproval;
        }

        @Override
        public Mono<ToolResult> run(Map<String, String> arguments, Caller caller) {
            runs.incrementAndGet();
            return Mono.just(new ToolResult.Calculation(arguments.get("text"), arguments.get("text")));
        }
    }
}
