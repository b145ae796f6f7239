// Everything the dashboard needs to know about where things live, in one place.

/** uPlot WebJar version: keep in step with <uplot.version> in webapp/pom.xml. */
export const UPLOT_VERSION = '1.6.30';

/** Where the api serves WebJars (classpath META-INF/resources/webjars/). */
export const WEBJARS_BASE = '/webjars';
export const UPLOT_BASE = `${WEBJARS_BASE}/uplot/${UPLOT_VERSION}/dist`;
export const UPLOT_JS = `${UPLOT_BASE}/uPlot.esm.js`;
export const UPLOT_CSS = `${UPLOT_BASE}/uPlot.min.css`;

/** REST API root (docs/API.md). */
export const API_BASE = '/api/v1';

/** Refetch at most this long after an SSE `update`; the updates meanwhile join that refetch. */
export const UPDATE_BATCH_MS = 250;
/** The API pings its stream every 15 s: nothing heard for this long, the stream is reopened. */
export const STREAM_SILENCE_MS = 45_000;
/** A request with no complete answer after this long is given up as unreachable (and retried). */
export const REQUEST_TIMEOUT_MS = 15_000;
/** No frame for this long: the feed is lost (same rule as the API's `idle`). */
export const FEED_LOST_MS = 120_000;
/** Re-read the event (status, clock) this often even when the stream is quiet. */
export const EVENT_POLL_MS = 30_000;
/** Poll the tables this often while the live stream is down. */
export const FALLBACK_POLL_MS = 10_000;
/** Poll the event list this often while waiting for a race. */
export const WAITING_POLL_MS = 5_000;
/** Retry backoff for an unreachable API or a closed stream. */
export const RETRY_MIN_MS = 1_000;
export const RETRY_MAX_MS = 30_000;
/** Teams shown by default on the chart besides mine. */
export const CHART_DEFAULT_TOP = 5;
export const CHART_MAX_TEAMS = 10;
