package org.hybridchat.server.planning;

import io.micrometer.core.instrument.MeterRegistry;
import org.hybridchat.server.generation.DecodeLoop;
import org.hybridchat.server.network.ServerModel;
import org.hybridchat.server.tools.ToolRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The server model, loaded with the registry's tools at the top of every prompt (the model was
 * trained to read them there), and the model planner, unless {@code hybridchat.planner=rules}.
 */
@Configuration(proxyBeanMethods = false)
class PlanningConfiguration {
    private static final Logger log = LoggerFactory.getLogger(PlanningConfiguration.class);

    @Bean(destroyMethod = "close")
    ServerModel serverModel(ToolRegistry registry) {
        ServerModel model = ServerModel.loadShipped(ToolPrompt.toolList(ModelPlanner.signatures(registry.tools())));
        log.info("Loaded the server model: {}", model.info());
        return model;
    }

    @Bean
    @ConditionalOnProperty(name = "hybridchat.planner", havingValue = "model", matchIfMissing = true)
    ModelPlanner modelPlanner(DecodeLoop decodeLoop, ServerModel serverModel, ToolRegistry registry,
                              MeterRegistry metrics) {
        return new ModelPlanner(decodeLoop, serverModel, ModelPlanner.signatures(registry.tools()), metrics);
    }
}
