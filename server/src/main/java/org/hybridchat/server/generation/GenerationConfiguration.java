package org.hybridchat.server.generation;

import java.time.Duration;
import io.micrometer.core.instrument.MeterRegistry;
import org.hybridchat.server.network.ServerModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One decode loop for the whole application, over the server model (see PlanningConfiguration): the chat and the OpenAI API share the batch. */
@Configuration(proxyBeanMethods = false)
class GenerationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GenerationConfiguration.class);

    // Closed before the model: Spring destroys a bean before the beans it depends on.
    @Bean(destroyMethod = "close")
    DecodeLoop decodeLoop(ServerModel model, MeterRegistry registry,
            @Value("${hybridchat.generation.max-batch}") int maxBatch,
            @Value("${hybridchat.generation.max-waiting}") int maxWaiting,
            @Value("${hybridchat.generation.max-queue-wait}") Duration maxQueueWait,
            @Value("${hybridchat.generation.batch-invariant:false}") boolean batchInvariant) {
        log.info("Decoding up to {} replies per step, with up to {} more waiting for up to {}; batch-invariant: {}",
                maxBatch, maxWaiting, maxQueueWait, batchInvariant);
        return new DecodeLoop(model, maxBatch, maxWaiting, maxQueueWait, batchInvariant, registry);
    }
}
