import com.sun.tools.attach.VirtualMachine;

/**
 * Starts or stops async-profiler in a running JVM (README, "Profiling"):
 * {@code java bench/Profile.java PID LIBASYNCPROFILER_SO start,event=itimer,interval=1ms}, then
 * {@code java bench/Profile.java PID LIBASYNCPROFILER_SO stop,file=/tmp/profile.txt,collapsed}.
 * jcmd's JVMTI.agent_load cannot pass these options: it reads "a=b" as its own arguments.
 */
public class Profile {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java bench/Profile.java PID LIBASYNCPROFILER_SO OPTIONS");
            System.exit(2);
        }
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        try {
            vm.loadAgentPath(args[1], args[2]);
        } finally {
            vm.detach();
        }
    }
}
