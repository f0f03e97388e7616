package io.relman.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The relman worker: polls the task queue named in application.yml and runs deploys. */
@SpringBootApplication
public class RelmanWorkerApplication {
    public static void main(String[] args) {
        SpringApplication.run(RelmanWorkerApplication.class, args);
    }
}
