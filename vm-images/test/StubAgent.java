import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stand-in for the Unum guest agent, used by vm-images/smoke-test to exercise
 * /sbin/unum-init: it reports what it sees, exits after ~2 s (so init restarts
 * it) and, on its 3rd run, does what "stub.action=" on the kernel command line
 * says: poweroff (SIGUSR1 to PID 1) or reboot (SIGUSR2 to PID 1). With
 * "stub.kill" the 3rd run SIGKILLs itself first and the action moves to the 4th.
 * Run counts live in /run (tmpfs), so they start at 1 on every boot.
 */
public class StubAgent {
    public static void main(String[] args) throws Exception {
        String cmdline = Files.readString(Path.of("/proc/cmdline"));
        Path counter = Path.of("/run/stub-agent-runs");
        int run = Files.exists(counter) ? Integer.parseInt(Files.readString(counter).trim()) + 1 : 1;
        Files.writeString(counter, Integer.toString(run));
        long pid = ProcessHandle.current().pid();
        say("node " + System.getenv("UNUM_NODE") + " run " + run + " started at " + uptime() + " s");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> say("shutdown hook")));
        if (run == 1) {
            say("hostname " + Files.readString(Path.of("/proc/sys/kernel/hostname")).trim()
                    + ", getLocalHost " + InetAddress.getLocalHost());
            say("addresses: " + sh("ip -4 -o addr show | awk '{print $2, $4}' | tr '\\n' ' '"));
            say("env PATH=" + System.getenv("PATH") + " HOME=" + System.getenv("HOME")
                    + " LANG=" + System.getenv("LANG"));
            say("session leader " + sh("ps -o sid= -p " + pid).equals(Long.toString(pid)));
            say("mounts: " + sh("cut -d' ' -f2 /proc/mounts | tr '\\n' ' '"));
            sh("sleep 1 & exit 0");           // an orphan for PID 1 to reap
        } else {
            say("zombies: [" + sh("ps -eo stat=,pid=,comm= | awk '$1 ~ /^Z/'") + "]");
        }
        // With stub.kill the 3rd run dies by SIGKILL and the action moves to the 4th.
        boolean kill = cmdline.contains("stub.kill");
        if (kill && run == 3) {
            say("killing myself with SIGKILL");
            sh("kill -KILL " + pid);
        }
        if (run == (kill ? 4 : 3)) {
            if (cmdline.contains("stub.action=poweroff")) {
                say("sending SIGUSR1 to PID 1");
                sh("kill -USR1 1");
                Thread.sleep(10_000);
            } else if (cmdline.contains("stub.action=reboot")) {
                say("sending SIGUSR2 to PID 1");
                sh("kill -USR2 1");
                Thread.sleep(10_000);
            }
        }
        Thread.sleep(2000);
        say("exiting");
    }

    static void say(String text) {
        System.out.println("agent stub: " + text);
    }

    static String uptime() throws Exception {
        return Files.readString(Path.of("/proc/uptime")).split(" ")[0];
    }

    static String sh(String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return out;
    }
}
