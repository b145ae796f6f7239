/**
 * The websocket listener of the pipeline and its test double.
 *
 * <ul>
 *   <li>{@link lts.listener.ws.WsListener}: an Apex Timing websocket ({@code ws://} or
 *       {@code wss://}) into Kafka, one envelope record per text frame, reconnecting forever,
 *       holding frames (backpressure) while Kafka is away. Its parts: {@code FeedConnection} (one
 *       connection, its pump and {@code Silence}), {@code FeedSession} (frame assembly),
 *       {@link lts.listener.ws.Backoff}, {@code ListenerMeters}, and the shared
 *       {@link lts.kafka.KafkaFramePublisher}.</li>
 *   <li>{@link lts.listener.ws.ReplayServer}: a websocket server that plays a recording to every
 *       client as Apex would, at a chosen speed.</li>
 *   <li>{@link lts.listener.ws.WebSocketUris}: URI checks and the default event code
 *       ({@code www-apex-timing-com-8092-2026-11-27}: host, port, UTC date).</li>
 * </ul>
 */
package lts.listener.ws;
