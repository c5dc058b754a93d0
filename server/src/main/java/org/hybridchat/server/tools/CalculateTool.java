package org.hybridchat.server.tools;

import java.util.Map;

import org.hybridchat.contract.ToolResult;
import org.hybridchat.server.tools.Calculator.CalculationException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** {@code calculate}: exact arithmetic, where the model would guess digits. */
@Component
class CalculateTool implements Tool {

    @Override
    public String name() {
        return "calculate";
    }

    @Override
    public String description() {
        return "Exact arithmetic: + - * / % ^ and parentheses on integers of any size and decimals.";
    }

    @Override
    public ToolArguments arguments() {
        return ToolArguments.of(new Parameter("expression", "the arithmetic, e.g. 2^64 - 1", 500));
    }

    @Override
    public Permission permission() {
        return Permission.USER;
    }

    @Override
    public Mono<ToolResult> run(Map<String, String> arguments, Caller caller) {
        String expression = arguments.get("expression");
        try {
            Calculator.Result result = Calculator.evaluate(expression);
            return Mono.just(new ToolResult.Calculation(expression, (result.exact() ? "" : "≈ ") + result.value()));
        } catch (CalculationException e) {
            return Mono.just(new ToolResult.Failed(e.getMessage()));
        }
    }
}
