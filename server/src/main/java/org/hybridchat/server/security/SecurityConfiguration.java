package org.hybridchat.server.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

/**
 * What each route needs, stated rather than left to Spring Security's defaults (a login page, HTTP
 * Basic challenges and CSRF checks on every POST would break the page, the OpenAI clients and the
 * load tests). Every route is open to every caller, as a user; the one thing a role changes is which
 * tools may run, which the tool registry checks per call. No cookies and no sessions are involved,
 * so there is nothing for CSRF to protect: the admin credential is a header a browser never adds by
 * itself.
 */
@Configuration
class SecurityConfiguration {

    @Bean
    SecurityWebFilterChain routes(ServerHttpSecurity http, AdminCredential adminCredential) {
        return http
                .authorizeExchange(routes -> routes.anyExchange().permitAll())
                .addFilterAt(adminCredential, SecurityWebFiltersOrder.AUTHENTICATION)
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .anonymous(anonymous -> anonymous.authorities(Roles.USER))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                // the server sets Cache-Control per route (no-cache on streams, no-store on /api/load)
                .headers(headers -> headers.cache(ServerHttpSecurity.HeaderSpec.CacheSpec::disable))
                .build();
    }
}
