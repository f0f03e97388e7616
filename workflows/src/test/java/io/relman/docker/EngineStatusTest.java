package io.relman.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EngineStatusTest {
    @Test
    void onlyASwarmNodeOfDocker20OrOlderLeavesARenamedContainersDnsNameBehind() {
        assertThat(EngineStatus.renameLeavesDnsBehind("20.10.24+dfsg1", true)).isTrue();
        assertThat(EngineStatus.renameLeavesDnsBehind("19.03.15", true)).isTrue();
        assertThat(EngineStatus.renameLeavesDnsBehind("20.10.24+dfsg1", false)).isFalse();
        assertThat(EngineStatus.renameLeavesDnsBehind("26.1.5", true)).isFalse();
        assertThat(EngineStatus.renameLeavesDnsBehind("bench", true)).isFalse();
        assertThat(EngineStatus.renameLeavesDnsBehind(null, true)).isFalse();
    }
}
