package org.hybridchat.server.knowledge;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One {@link KnowledgeIndex} of the shipped dictionaries for the application. It is built when
 * the context starts (about two seconds), once per process: the Spring tests' many contexts share it.
 */
@Configuration(proxyBeanMethods = false)
class KnowledgeConfiguration {
    private static final Logger log = LoggerFactory.getLogger(KnowledgeConfiguration.class);

    // Built beside the model's loading rather than after it, when the context has a bootstrap executor.
    @Bean(bootstrap = Bean.Bootstrap.BACKGROUND)
    KnowledgeIndex knowledgeIndex() {
        long start = System.nanoTime();
        KnowledgeIndex index = ShippedDictionaries.index();
        log.info("Knowledge index of FOLDOC and the Jargon File: {} entries, {} KB, ready in {} ms on {}", index.size(),
                index.sizeInBytes() / 1024, (System.nanoTime() - start) / 1_000_000, Thread.currentThread().getName());
        return index;
    }
}
