package graphintel;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * A local Neo4j Community DBMS for GraphIntel development and tests.
 *
 * <p>Embedded {@link DatabaseManagementService} with Bolt on a loopback port,
 * HTTP off, authentication on, and the open-source GDS procedures loaded.
 * Started by {@code scripts/neo4j-start}; stopped with SIGTERM by
 * {@code scripts/neo4j-stop} (a shutdown hook closes the DBMS cleanly).
 *
 * <p>Configuration comes from the environment (kept out of the command line so
 * the password does not show in {@code ps}):
 * <ul>
 *   <li>{@code GRAPHINTEL_NEO4J_HOME}: DBMS home; data in {@code data/}, logs in {@code logs/}</li>
 *   <li>{@code NEO4J_PORT} (default 7687), {@code NEO4J_BIND} (default 127.0.0.1)</li>
 *   <li>{@code NEO4J_PASSWORD}: password of user {@code neo4j}, applied at every start</li>
 *   <li>{@code NEO4J_PAGECACHE} (default 512m)</li>
 *   <li>{@code GRAPHINTEL_NEO4J_PLUGINS}: folder with the GDS jars (scanned for procedures)</li>
 * </ul>
 * Any line in {@code $GRAPHINTEL_NEO4J_HOME/neo4j.conf} overrides the defaults.
 * The effective settings are written to {@code run/effective.conf}.
 */
public final class LocalNeo4j {

    static final String READY = "GRAPHINTEL_NEO4J_READY";

    private LocalNeo4j() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(env("GRAPHINTEL_NEO4J_HOME", ".graphintel/neo4j-7687")).toAbsolutePath().normalize();
        int port = Integer.parseInt(env("NEO4J_PORT", "7687"));
        String bind = env("NEO4J_BIND", "127.0.0.1");
        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.isEmpty()) {
            fail("NEO4J_PASSWORD is not set");
        }
        String plugins = System.getenv("GRAPHINTEL_NEO4J_PLUGINS");

        Path run = home.resolve("run");
        Files.createDirectories(run);
        Path ready = run.resolve("ready");
        Files.deleteIfExists(ready);

        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("server.bolt.enabled", "true");
        conf.put("server.bolt.listen_address", bind + ":" + port);
        conf.put("server.bolt.advertised_address", bind + ":" + port);
        conf.put("server.bolt.tls_level", "DISABLED");
        conf.put("server.http.enabled", "false");
        conf.put("server.https.enabled", "false");
        conf.put("dbms.security.auth_enabled", "true");
        conf.put("server.memory.pagecache.size", env("NEO4J_PAGECACHE", "512m"));
        conf.put("db.tx_log.rotation.retention_policy", "256M size");
        conf.put("db.tx_log.rotation.size", "64M");
        conf.put("db.tx_log.preallocate", "false"); // a fresh store stays a few MB, not 500
        conf.put("dbms.usage_report.enabled", "false");
        // Bolt's Netty event loops otherwise wait a 5 s quiet period twice at shutdown
        conf.put("internal.dbms.bolt.netty_server_shutdown_quiet_period", "0");
        conf.put("dbms.security.procedures.unrestricted", "gds.*");
        conf.put("dbms.security.procedures.allowlist", "gds.*");
        if (plugins != null && !plugins.isEmpty()) {
            conf.put("server.directories.plugins", Path.of(plugins).toAbsolutePath().toString());
        }
        Path overrides = home.resolve("neo4j.conf");
        if (Files.isRegularFile(overrides)) {
            Properties user = new Properties();
            try (InputStream in = Files.newInputStream(overrides)) {
                user.load(in);
            }
            user.stringPropertyNames().forEach(k -> conf.put(k, user.getProperty(k).trim()));
            System.out.println("Loaded overrides from " + overrides);
        }
        Path effective = run.resolve("effective.conf");
        try (Writer w = Files.newBufferedWriter(effective, StandardCharsets.UTF_8)) {
            w.write("# written by graphintel.LocalNeo4j at start; edit " + overrides + " instead\n");
            for (var e : conf.entrySet()) {
                w.write(e.getKey() + "=" + e.getValue() + "\n");
            }
        }

        System.out.println("Starting Neo4j (embedded) home=" + home + " bolt=" + bind + ":" + port);
        long t0 = System.nanoTime();
        DatabaseManagementService dbms;
        try {
            dbms = new DatabaseManagementServiceBuilder(home)
                .setUserLogProvider(new Log4jLogProvider(System.out))
                .loadPropertiesFromFile(effective)
                .build();
        } catch (RuntimeException e) {
            System.out.println("Neo4j failed to start: " + e);
            e.printStackTrace(System.out);
            System.exit(1);
            return;
        }
        System.out.printf("DBMS started in %.1f s%n", (System.nanoTime() - t0) / 1e9);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Shutting down Neo4j ...");
            try {
                Files.deleteIfExists(ready);
            } catch (IOException ignored) {
                // best effort
            }
            dbms.shutdown();
            System.out.println("Neo4j stopped.");
            stopped.countDown();
        }, "graphintel-neo4j-shutdown"));

        try {
            setPassword(dbms, password);
            String gds = dbms.database("neo4j").executeTransactionally(
                "CALL gds.version() YIELD gdsVersion RETURN gdsVersion", Map.of(),
                r -> r.hasNext() ? String.valueOf(r.next().get("gdsVersion")) : "?");
            String neo4j = dbms.database("system").executeTransactionally(
                "CALL dbms.components() YIELD versions, edition RETURN versions[0] + ' ' + edition AS v", Map.of(),
                r -> r.hasNext() ? String.valueOf(r.next().get("v")) : "?");
            System.out.println("Neo4j " + neo4j + ", GDS " + gds);
        } catch (RuntimeException e) {
            System.out.println("Start-up check failed: " + e);
            e.printStackTrace(System.out);
            System.exit(3); // runs the shutdown hook
        }

        Files.writeString(ready, "bolt://" + bind + ":" + port + "\n");
        System.out.printf("%s bolt://%s:%d (%.1f s)%n", READY, bind, port, (System.nanoTime() - t0) / 1e9);
        System.out.flush();
        stopped.await();
    }

    /**
     * Sets the password of user neo4j on the system database. Community Edition
     * supports ALTER USER; embedded transactions run with full rights. Neo4j
     * refuses to "change" a password to its current value, which means it is
     * already right.
     */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database("system").executeTransactionally(
                "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
            System.out.println("Password of user neo4j set from NEO4J_PASSWORD.");
        } catch (RuntimeException e) {
            String msg = String.valueOf(e.getMessage()) + " " + (e.getCause() == null ? "" : e.getCause().getMessage());
            if (msg.contains("cannot be the same")) {
                System.out.println("Password of user neo4j already matches NEO4J_PASSWORD.");
                // a first start with NEO4J_PASSWORD=neo4j would leave the change-required flag set
                dbms.database("system").executeTransactionally("ALTER USER neo4j SET PASSWORD CHANGE NOT REQUIRED");
            } else {
                throw e;
            }
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    private static void fail(String message) {
        System.err.println("graphintel.LocalNeo4j: " + message);
        System.exit(2);
    }
}
