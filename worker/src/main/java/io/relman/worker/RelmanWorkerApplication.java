package io.relman.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The relman worker: polls the task queue named in application.yml and runs deploys. */
@SpringBootApplication
public class RelmanWorkerApplication {
    public static void main(String[] args) {
        if (System.getProperty("relman.machine-name") == null) {
            setMachineName();
        }
        SpringApplication.run(RelmanWorkerApplication.class, args);
    }

    /**
     * The machine's host name, which names its task queue (relman.machine-queue) unless that is given. One
     * that does not resolve is said here and left unset: a given RELMAN_MACHINE_QUEUE needs no name.
     */
    static void setMachineName() {
        try {
            System.setProperty("relman.machine-name", InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            System.err.println("relman: this machine's host name cannot be read (" + e.getMessage()
                    + "): set RELMAN_MACHINE_QUEUE to a task queue only this machine's workers poll");
        }
    }
}
