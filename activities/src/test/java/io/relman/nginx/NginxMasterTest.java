package io.relman.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** nginx -t and -s reload address the configuration the running master was started with. */
@Timeout(10)
class NginxMasterTest {
    @Test
    void theMastersConfigurationFileIsTheOneCheckedPrintedAndReloaded() {
        List<String> processes = List.of(
                "nginx: master process nginx -c /etc/nginx/stack.conf -g daemon off;",
                "nginx: worker process",
                "sh -c sleep 1");

        List<String> options = NginxMaster.options(processes).orElseThrow();

        assertThat(NginxMaster.testCommand(options))
                .containsExactly("nginx", "-c", "/etc/nginx/stack.conf", "-t", "-q");
        assertThat(NginxMaster.dumpCommand(options)).containsExactly("nginx", "-c", "/etc/nginx/stack.conf", "-T");
        assertThat(NginxMaster.reloadCommand(options))
                .containsExactly("nginx", "-c", "/etc/nginx/stack.conf", "-s", "reload");
    }

    @Test
    void aMasterStartedWithoutOptionsUsesNginxsDefaults() {
        List<String> options = NginxMaster.options(List.of("nginx: master process /usr/sbin/nginx -g daemon off;"))
                .orElseThrow();

        assertThat(NginxMaster.reloadCommand(options)).containsExactly("nginx", "-s", "reload");
    }

    @Test
    void aPrefixIsKeptToo() {
        List<String> options = NginxMaster.options(
                        List.of("nginx: master process nginx -p /srv/nginx/ -c conf/site.conf"))
                .orElseThrow();

        assertThat(options).containsExactly("-p", "/srv/nginx/", "-c", "conf/site.conf");
    }

    @Test
    void aContainerWithoutAnNginxMasterHasNoOptions() {
        assertThat(NginxMaster.options(List.of("python3 server.py"))).isEmpty();
    }

    @Test
    void anNginxThatHasNotTitledItsMasterYetIsStartingOnlyJustAfterItsContainerStarted() {
        List<String> justRestarted = List.of("nginx -c /etc/nginx/stack.conf -g daemon off;");
        Instant started = Instant.parse("2026-12-07T15:00:00Z");
        assertThat(NginxMaster.options(justRestarted)).isEmpty();
        assertThat(NginxMaster.starting(justRestarted, started, started.plusSeconds(2)))
                .isTrue();
        assertThat(NginxMaster.starting(List.of("/usr/sbin/nginx -g daemon off;"), started, started.plusSeconds(29)))
                .isTrue();
        assertThat(NginxMaster.starting(justRestarted, started, started.plusSeconds(30)))
                .as("master_process off never titles a master: missing, not starting")
                .isFalse();
        assertThat(NginxMaster.starting(List.of("python3 server.py", "sh -c nginx-wrapper"), started, started))
                .isFalse();
    }

    @Test
    void aWorkerThatReadTheSignalToQuitNoLongerTakesConnections() {
        Map<String, String> processes = Map.of(
                "7736", "nginx: master process nginx -c /etc/nginx/sample.conf -g daemon off;",
                "14176", "nginx: worker process is shutting down",
                "15328", "nginx: worker process",
                "15329", "nginx: worker process ",
                "15400", "nginx: cache manager process");

        assertThat(NginxMaster.acceptingWorkers(processes)).containsExactlyInAnyOrder("15328", "15329");
    }

    @Test
    void theMasterIsFoundByItsTitleAmongAWrappersProcesses() {
        Map<String, String> processes = new LinkedHashMap<>();
        processes.put("9001", "/bin/sh /docker-entrypoint.sh nginx -g daemon off;");
        processes.put("9042", "nginx: master process nginx -g daemon off;");
        processes.put("9043", "nginx: worker process");

        assertThat(NginxMaster.pid(processes)).contains("9042");
        assertThat(NginxMaster.pid(Map.of("12", "python3 server.py"))).isEmpty();
    }
}
