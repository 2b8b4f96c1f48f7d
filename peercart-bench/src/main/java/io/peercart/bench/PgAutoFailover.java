package io.peercart.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL high availability on loopback with pg_auto_failover: a monitor, a primary and a
 * synchronous standby, each a {@code pg_autoctl} keeper with its own PostgreSQL on a free port, all
 * in one temporary directory and run as the {@code postgres} user. Trust authentication for
 * loopback only, no TLS (nothing leaves the machine). {@link #killPrimary} cuts the primary's
 * keeper and PostgreSQL with SIGKILL, as when its machine is lost; the monitor then promotes the
 * standby. {@link #close} (also run by a shutdown hook) stops every process it started and deletes
 * the directory.
 */
final class PgAutoFailover implements AutoCloseable {
    static final Path PG_AUTOCTL = Path.of("/usr/bin/pg_autoctl");
    static final Path PG_BIN = Path.of("/usr/lib/postgresql/15/bin");
    static final String USER = "postgres";
    private static final Duration SET_UP = Duration.ofSeconds(120);

    /** A data node: its keeper process (with PostgreSQL below it), port and data directory. */
    record Member(String name, int port, Path pgdata, Process keeper) {}

    private final Path work;
    private final int monitorPort;
    private final List<Process> keepers = new ArrayList<>();
    private final List<Member> members = new ArrayList<>();
    private final Thread cleanup = new Thread(this::stopEverything, "pg-auto-failover-cleanup");

    private PgAutoFailover(Path work) throws IOException {
        this.work = work;
        this.monitorPort = ServerProcess.freePort();
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** Why this machine cannot run it, or null when it can. */
    static String missing() {
        if (!Files.isExecutable(PG_AUTOCTL)) return "pg_autoctl is missing (apt-get install postgresql-15-auto-failover pg-auto-failover-cli)";
        if (!Files.isExecutable(PG_BIN.resolve("pg_ctl"))) return "PostgreSQL 15 server binaries are missing at " + PG_BIN;
        if (!"root".equals(System.getProperty("user.name")) && !USER.equals(System.getProperty("user.name")))
            return "pg_auto_failover runs as the postgres user: run this as root (it uses runuser) or as postgres";
        return null;
    }

    /** The monitor, then the primary, then the standby; returns once they are primary and secondary. */
    static PgAutoFailover start() throws IOException, InterruptedException, BenchException {
        String why = missing();
        if (why != null) throw new BenchException(why);
        Path work = Files.createTempDirectory("peercart-pgaf-");
        PgAutoFailover ha = new PgAutoFailover(work);
        try {
            ha.own(work);
            Files.createDirectories(ha.xdg("run"));
            ha.own(ha.xdg(""));
            ha.own(ha.xdg("run"));
            ha.startMonitor();
            ha.startMember("node1");
            ha.awaitStates(Map.of("node1", "single"));
            ha.startMember("node2");
            ha.awaitStates(Map.of("node1", "primary", "node2", "secondary"));
            return ha;
        } catch (IOException | InterruptedException | BenchException | RuntimeException e) {
            ha.close();
            throw e;
        }
    }

    Path work() { return work; }

    /** The data nodes, in the order they were created (the first starts as primary). */
    List<Member> members() { return members; }

    /** A multi-host URL: the driver connects to whichever of the two is the writable primary. */
    String jdbc(String database) {
        StringBuilder hosts = new StringBuilder();
        for (Member m : members) hosts.append(hosts.isEmpty() ? "" : ",").append("127.0.0.1:").append(m.port());
        return "jdbc:postgresql://" + hosts + "/" + database + "?targetServerType=primary&connectTimeout=3";
    }

    /** A libpq connection string for psql reaching the read-write one of the two. */
    String conninfo(String database) {
        return "host=" + String.join(",", members.stream().map(m -> "127.0.0.1").toList())
                + " port=" + String.join(",", members.stream().map(m -> Integer.toString(m.port())).toList())
                + " user=" + USER + " dbname=" + database + " target_session_attrs=read-write connect_timeout=3";
    }

    /** {@code pg_autoctl show state --json}: one object per node with its reported and assigned state. */
    JsonNode state() throws IOException, InterruptedException, BenchException {
        return ChaosClient.JSON.readTree(autoctl("show", "state", "--pgdata", pgdata("monitor").toString(), "--json"));
    }

    /** The node that reports itself primary (or wait_primary: a primary without a standby). */
    Member primary() throws IOException, InterruptedException, BenchException {
        for (JsonNode n : state()) {
            String s = n.path("current_group_state").asText();
            if (s.equals("primary") || s.equals("wait_primary") || s.equals("single"))
                for (Member m : members) if (m.name().equals(n.path("nodename").asText())) return m;
        }
        throw new BenchException("no primary: " + state());
    }

    /**
     * Cuts {@code m} as a lost machine would: SIGKILL to its keeper and every process below it
     * (PostgreSQL's postmaster and backends), no chance to demote, flush or say goodbye.
     */
    void kill(Member m) throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(m.keeper().toHandle());
        m.keeper().toHandle().descendants().forEach(tree::add);
        for (ProcessHandle p : tree) p.destroyForcibly(); // keepers first: none of them may start PostgreSQL again
        for (ProcessHandle p : tree) p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> p).join();
        killStragglers(m.pgdata());
    }

    /**
     * Waits until a node other than {@code lost} is the writable primary as the monitor sees it
     * ({@code wait_primary}: promoted, no standby left to wait for). Returns its name.
     */
    String awaitPromotion(Member lost, Duration timeout) throws IOException, InterruptedException, BenchException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode n : state()) {
                String s = n.path("current_group_state").asText();
                if (!n.path("nodename").asText().equals(lost.name()) && (s.equals("wait_primary") || s.equals("primary")))
                    return n.path("nodename").asText();
            }
            Thread.sleep(200);
        }
        throw new BenchException("no standby promoted within " + timeout.toSeconds() + " s: " + state());
    }

    /**
     * What the primary says about its replication, as {@code name=value} lines:
     * synchronous_standby_names, synchronous_commit and each standby's sync_state.
     */
    String replication() throws IOException, InterruptedException, BenchException {
        Process p = new ProcessBuilder("psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", conninfo("postgres"), "-c",
                "SELECT 'synchronous_standby_names=' || current_setting('synchronous_standby_names')"
                        + " UNION ALL SELECT 'synchronous_commit=' || current_setting('synchronous_commit')"
                        + " UNION ALL SELECT 'sync_state=' || application_name || ':' || sync_state FROM pg_stat_replication")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new BenchException("psql on the primary failed: " + out.strip());
        return out.strip();
    }

    /** True when {@link #replication} shows a commit waiting for a standby's flush: an acknowledged commit is on both. */
    static boolean synchronous(String replication) {
        List<String> lines = List.of(replication.split("\\n"));
        return lines.stream().anyMatch(l -> l.startsWith("synchronous_standby_names=") && l.length() > "synchronous_standby_names=".length())
                && lines.stream().anyMatch(l -> l.equals("synchronous_commit=on") || l.equals("synchronous_commit=remote_apply"))
                && lines.stream().anyMatch(l -> l.startsWith("sync_state=") && (l.endsWith(":sync") || l.endsWith(":quorum")));
    }

    private void startMonitor() throws IOException, InterruptedException, BenchException {
        Path pgdata = pgdata("monitor");
        autoctl("create", "monitor", "--pgdata", pgdata.toString(), "--pgport", Integer.toString(monitorPort), "--hostname", "127.0.0.1",
                "--auth", "trust", "--no-ssl", "--pgctl", PG_BIN.resolve("pg_ctl").toString());
        // the monitor has no --listen: loopback only from its configuration (its pg_hba admits loopback only anyway)
        autoctl("config", "set", "--pgdata", pgdata.toString(), "postgresql.listen_addresses", "127.0.0.1");
        keepers.add(spawn("monitor", "run", "--pgdata", pgdata.toString()));
    }

    private void startMember(String name) throws IOException {
        int port = ServerProcess.freePort();
        Path pgdata = pgdata(name);
        String monitor = "postgres://autoctl_node@127.0.0.1:" + monitorPort + "/pg_auto_failover?sslmode=disable";
        Process keeper = spawn(name, "create", "postgres", "--pgdata", pgdata.toString(), "--pgport", Integer.toString(port), "--listen", "127.0.0.1",
                "--hostname", "127.0.0.1", "--name", name, "--auth", "trust", "--no-ssl", "--pgctl", PG_BIN.resolve("pg_ctl").toString(),
                "--monitor", monitor, "--run");
        keepers.add(keeper);
        members.add(new Member(name, port, pgdata, keeper));
    }

    private void awaitStates(Map<String, String> wanted) throws IOException, InterruptedException, BenchException {
        long deadline = System.nanoTime() + SET_UP.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            for (Process k : keepers) if (!k.isAlive()) throw new BenchException("a pg_autoctl keeper exited: " + logs());
            try {
                JsonNode state = state();
                last = state.toString();
                int reached = 0;
                for (JsonNode n : state)
                    if (wanted.getOrDefault(n.path("nodename").asText(), "").equals(n.path("current_group_state").asText())
                            && n.path("current_group_state").equals(n.path("assigned_group_state"))) reached++;
                if (reached == wanted.size()) return;
            } catch (BenchException notYet) {
                last = notYet.getMessage(); // the monitor is still starting
            }
            Thread.sleep(250);
        }
        throw new BenchException("pg_auto_failover did not reach " + wanted + " within " + SET_UP.toSeconds() + " s: " + last + "\n" + logs());
    }

    private Path pgdata(String name) { return work.resolve(name); }

    private Path xdg(String sub) { return work.resolve("xdg").resolve(sub); }

    /** pg_autoctl as the postgres user, with its configuration and state files inside this run's directory. */
    private List<String> command(String... args) {
        List<String> c = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) c.addAll(List.of("runuser", "-u", USER, "--"));
        c.addAll(List.of("env", "-i", "PATH=" + PG_BIN + ":/usr/bin:/bin", "HOME=" + work, "LANG=C.UTF-8",
                "XDG_CONFIG_HOME=" + xdg("config"), "XDG_DATA_HOME=" + xdg("data"), "XDG_RUNTIME_DIR=" + xdg("run"), PG_AUTOCTL.toString()));
        c.addAll(List.of(args));
        return c;
    }

    private String autoctl(String... args) throws IOException, InterruptedException, BenchException {
        Process p = new ProcessBuilder(command(args)).redirectError(ProcessBuilder.Redirect.appendTo(work.resolve("pg_autoctl.log").toFile())).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new BenchException("pg_autoctl " + String.join(" ", args) + " did not finish within 60 s");
        }
        if (p.exitValue() != 0) throw new BenchException("pg_autoctl " + String.join(" ", args) + " failed (" + p.exitValue() + "): " + out.strip());
        return out;
    }

    private Process spawn(String name, String... args) throws IOException {
        return new ProcessBuilder(command(args)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve(name + ".log").toFile())).start();
    }

    private void own(Path p) throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) return;
        UserPrincipalLookupService users = p.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
        view.setOwner(users.lookupPrincipalByName(USER));
        GroupPrincipal group = users.lookupPrincipalByGroupName(USER);
        view.setGroup(group);
    }

    private String logs() {
        StringBuilder all = new StringBuilder();
        for (String name : List.of("monitor", "node1", "node2", "pg_autoctl")) {
            Path log = work.resolve(name + ".log");
            try {
                if (Files.exists(log)) {
                    List<String> lines = Files.readAllLines(log);
                    all.append("--- ").append(name).append(".log (end)\n")
                            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()))).append('\n');
                }
            } catch (IOException | UncheckedIOException e) {
                all.append("--- ").append(name).append(".log unreadable\n");
            }
        }
        return all.toString();
    }

    /**
     * Any process still running from this run's directory (a postmaster whose keeper died: the
     * kernel gave it to init): SIGKILL, then PostgreSQL's System V shared memory segment, which only
     * a clean shutdown removes, is removed by the id its postmaster.pid names.
     */
    private void killStragglers(Path pgdata) throws InterruptedException {
        String marker = pgdata.toString();
        for (int round = 0; round < 20; round++) {
            List<ProcessHandle> left = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(c -> c.contains(marker + " ") || c.endsWith(marker)).orElse(false)).toList();
            if (left.isEmpty()) break;
            left.forEach(ProcessHandle::destroyForcibly);
            Thread.sleep(100);
        }
        Path pid = pgdata.resolve("postmaster.pid");
        try {
            if (!Files.exists(pid)) return;
            List<String> lines = Files.readAllLines(pid);
            if (lines.size() < 7) return;
            String[] keyAndId = lines.get(6).trim().split("\\s+");
            if (keyAndId.length == 2) new ProcessBuilder("ipcrm", "-m", keyAndId[1]).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException | UncheckedIOException e) {
            // nothing to remove
        }
    }

    private synchronized void stopEverything() {
        // a keeper that receives SIGTERM stops its PostgreSQL with a fast shutdown
        for (Process k : keepers) {
            if (!k.isAlive()) continue;
            ProcessHandle h = k.toHandle(); // runuser, when run by root, with pg_autoctl below it
            (h.info().command().orElse("").endsWith("pg_autoctl") ? h : h.children().findFirst().orElse(h)).destroy();
        }
        for (Process k : keepers) {
            try {
                if (!k.waitFor(15, TimeUnit.SECONDS)) {
                    k.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                    k.destroyForcibly();
                }
            } catch (InterruptedException e) {
                k.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                k.destroyForcibly();
            }
        }
        try {
            killStragglers(pgdata("monitor"));
            for (Member m : members) killStragglers(m.pgdata());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ChaosCluster.deleteTree(work, "pg_auto_failover");
    }

    /** Keeps the pg_autoctl logs: for a failed run. */
    void keepLogs(Path to) throws IOException {
        Files.createDirectories(to);
        for (String name : List.of("monitor", "node1", "node2", "pg_autoctl")) {
            Path log = work.resolve(name + ".log");
            if (Files.exists(log)) Files.copy(log, to.resolve("pgaf-" + name + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public void close() {
        stopEverything();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}
