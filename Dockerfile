# The server image. glibc-based on purpose: libtorch needs glibc >= 2.29, so no Alpine.
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -pl server -am package

FROM eclipse-temurin:21-jre
WORKDIR /app
COPY --from=build /src/server/target/hybrid-chat-server.jar app.jar
# libtorch ships inside the jar and unpacks here on first start; nothing is downloaded.
ENV DJL_CACHE_DIR=/app/djl-cache \
    MALLOC_TRIM_THRESHOLD_=1000000 \
    JAVA_TOOL_OPTIONS="-Dai.djl.offline=true"
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
