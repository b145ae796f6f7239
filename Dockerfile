# syntax=docker/dockerfile:1
# One image for every runner: ENTRYPOINT ["lts"], the runner is the first argument
# (e.g. `docker run lts ws-listener --kafka_servers … --websocket_uri …`).

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY core/ core/
COPY simulator/ simulator/
COPY contracts/ contracts/
COPY kafka-clients/ kafka-clients/
COPY kafka-broker/ kafka-broker/
COPY store/ store/
COPY test-kit/ test-kit/
COPY recordings/ recordings/
COPY raw-storage/ raw-storage/
COPY listener-ws/ listener-ws/
COPY listener-rest/ listener-rest/
COPY parser/ parser/
COPY strategy/ strategy/
COPY webapp/ webapp/
COPY api/ api/
COPY app/ app/
COPY bench/ bench/
RUN ./mvnw -B -ntp -q -DskipTests -pl app -am package

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 lts \
 && useradd --system --uid 10001 --gid lts --home-dir /opt/lts --shell /usr/sbin/nologin lts \
 && mkdir -p /opt/lts /data \
 && chown lts:lts /data
COPY --from=build /src/app/target/lts.jar /opt/lts/lts.jar
COPY docker/lts /usr/local/bin/lts
USER 10001:10001
WORKDIR /data
ENV LTS_JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080 9000
ENTRYPOINT ["lts"]
CMD ["--help"]
