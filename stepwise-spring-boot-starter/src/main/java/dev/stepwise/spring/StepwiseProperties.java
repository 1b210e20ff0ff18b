package dev.stepwise.spring;

import dev.stepwise.engine.LogItem;
import dev.stepwise.engine.LogPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code stepwise.*} properties: where sessions live, how long they and their logs are kept, and
 * the defaults of flows built with {@link StepwiseFlows}. Every property has the default that
 * {@code stepwise serve} uses.
 */
@ConfigurationProperties("stepwise")
public class StepwiseProperties {

    private final Store store = new Store();
    private final Encryption encryption = new Encryption();
    private final Sessions sessions = new Sessions();
    private final Log log = new Log();
    private final Flows flows = new Flows();
    private final Resources resources = new Resources();

    /** Attempts per call when saves lose compare-and-set races to another instance. */
    private int maxAttempts = 8;

    /** The id of the project scope shared by every user of this deployment. */
    private String projectId = "default";

    public Store getStore() {
        return store;
    }

    public Encryption getEncryption() {
        return encryption;
    }

    public Sessions getSessions() {
        return sessions;
    }

    public Log getLog() {
        return log;
    }

    public Flows getFlows() {
        return flows;
    }

    public Resources getResources() {
        return resources;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public String getProjectId() {
        return projectId;
    }

    public void setProjectId(String projectId) {
        this.projectId = projectId;
    }

    /** Where sessions live. */
    public static class Store {

        /**
         * The store URI, as for stepwise serve --store: memory:, file:DIR,
         * sqlite:FILE, jdbc:postgresql://..., redis://... and the others of
         * docs/stores.md (each needs its store module on the class path). When unset, the
         * application's DataSource is used if there is one, else sqlite:./stepwise.db.
         * Ignored when the application defines its own VersionedStore bean.
         */
        private String uri;

        public String getUri() {
            return uri;
        }

        public void setUri(String uri) {
            this.uri = uri;
        }
    }

    /** Encryption of session values at rest. */
    public static class Encryption {

        /**
         * Key ring file (as made by stepwise keys generate): session values are encrypted at rest
         * with AES-256-GCM. A KeyRing bean does the same and takes precedence.
         */
        private Path keyFile;

        public Path getKeyFile() {
            return keyFile;
        }

        public void setKeyFile(Path keyFile) {
            this.keyFile = keyFile;
        }
    }

    /** Finished sessions. */
    public static class Sessions {

        /** How long the marker of a completed or cancelled session is kept. */
        private Duration completedRetention = Duration.ofHours(1);

        /** Keep the final state in the completion marker instead of deleting it. */
        private boolean keepCompletedState;

        /**
         * Read every session from the store before each turn, even one this instance saved last.
         * By default a continue runs on the record this instance saved and its compare-and-set save
         * confirms it (one store round trip fewer per turn).
         */
        private boolean readEveryTurn;

        public Duration getCompletedRetention() {
            return completedRetention;
        }

        public void setCompletedRetention(Duration completedRetention) {
            this.completedRetention = completedRetention;
        }

        public boolean isKeepCompletedState() {
            return keepCompletedState;
        }

        public void setKeepCompletedState(boolean keepCompletedState) {
            this.keepCompletedState = keepCompletedState;
        }

        public boolean isReadEveryTurn() {
            return readEveryTurn;
        }

        public void setReadEveryTurn(boolean readEveryTurn) {
            this.readEveryTurn = readEveryTurn;
        }
    }

    /** The conversation log each session keeps. */
    public static class Log {

        /** A session keeps at most this many stored log items; older ones are trimmed. */
        private int maxItems = 1000;

        /** Stored log items older than this are trimmed. */
        private Duration maxAge = Duration.ofDays(30);

        /** Store state-change items too (by default they only reach log listeners). */
        private boolean persistStateChanges;

        public int getMaxItems() {
            return maxItems;
        }

        public void setMaxItems(int maxItems) {
            this.maxItems = maxItems;
        }

        public Duration getMaxAge() {
            return maxAge;
        }

        public void setMaxAge(Duration maxAge) {
            this.maxAge = maxAge;
        }

        public boolean isPersistStateChanges() {
            return persistStateChanges;
        }

        public void setPersistStateChanges(boolean persistStateChanges) {
            this.persistStateChanges = persistStateChanges;
        }

        /**
         * The engine's log policy these properties describe.
         *
         * @throws IllegalArgumentException when {@code max-items} or {@code max-age} is not positive
         */
        public LogPolicy toPolicy() {
            LogPolicy policy = new LogPolicy(Set.of(LogItem.STATUS, LogItem.STATE_CHANGE), maxItems, maxAge);
            return persistStateChanges ? policy.persistStateChanges() : policy;
        }
    }

    /** Defaults of the flows built with {@link StepwiseFlows#builder(String)}. */
    public static class Flows {

        /** How long a session stays alive after its last turn. */
        private Duration sessionTtl = Duration.ofHours(24);

        /** Most node executions one call may make before it fails with LOOP_LIMIT. */
        private int loopLimit = 50;

        public Duration getSessionTtl() {
            return sessionTtl;
        }

        public void setSessionTtl(Duration sessionTtl) {
            this.sessionTtl = sessionTtl;
        }

        public int getLoopLimit() {
            return loopLimit;
        }

        public void setLoopLimit(int loopLimit) {
            this.loopLimit = loopLimit;
        }
    }

    /** Named content attached to session, user and project scopes ({@code FlowEngine.resources()}). */
    public static class Resources {

        /** Largest resource content accepted, in bytes. */
        private int maxBytes = 1_048_576;

        /** How long a resource lives after its last write. */
        private Duration ttl = Duration.ofDays(365);

        public int getMaxBytes() {
            return maxBytes;
        }

        public void setMaxBytes(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        public Duration getTtl() {
            return ttl;
        }

        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }
    }
}
