package io.relman.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class DumpRowCounterTest {
    /**
     * Written by hand after mariadb-dump 10.11's output (client/mysqldump.cc) with relman's flags: an empty table,
     * one whose rows hold every character that matters, a trigger and a routine whose bodies INSERT, a view, and
     * a table in the newer row-a-line format whose name holds a backquote.
     */
    private static final String DUMP = """
            /*!999999\\- enable the sandbox mode */
            -- MariaDB dump 10.19  Distrib 10.11.6-MariaDB, for debian-linux-gnu (x86_64)
            --
            -- Host: localhost    Database: shop
            -- ------------------------------------------------------
            -- Server version\t10.11.6-MariaDB-0+deb12u1

            /*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
            /*!40101 SET NAMES utf8mb4 */;
            /*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
            /*!40103 SET TIME_ZONE='+00:00' */;
            /*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
            /*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
            /*M!100616 SET @OLD_NOTE_VERBOSITY=@@NOTE_VERBOSITY, NOTE_VERBOSITY=0 */;

            --
            -- Table structure for table `audit`
            --

            DROP TABLE IF EXISTS `audit`;
            /*!40101 SET @saved_cs_client     = @@character_set_client */;
            /*!40101 SET character_set_client = utf8mb4 */;
            CREATE TABLE `audit` (
              `item_id` int(11) NOT NULL,
              `note` varchar(200) DEFAULT 'it''s (new); /* not a comment',
              CONSTRAINT `audit_chk` CHECK (`item_id` > 0)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
            /*!40101 SET character_set_client = @saved_cs_client */;

            --
            -- Dumping data for table `audit`
            --

            LOCK TABLES `audit` WRITE;
            /*!40000 ALTER TABLE `audit` DISABLE KEYS */;
            /*!40000 ALTER TABLE `audit` ENABLE KEYS */;
            UNLOCK TABLES;

            --
            -- Table structure for table `items`
            --

            DROP TABLE IF EXISTS `items`;
            CREATE TABLE `items` (
              `id` int(11) NOT NULL AUTO_INCREMENT,
              `name` varchar(100) NOT NULL,
              `photo` blob DEFAULT NULL,
              PRIMARY KEY (`id`)
            ) ENGINE=InnoDB AUTO_INCREMENT=4 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

            LOCK TABLES `items` WRITE;
            /*!40000 ALTER TABLE `items` DISABLE KEYS */;
            INSERT INTO `items` VALUES (1,'lamp (red)',0x89504E47),(2,'O\\'Brien\\'s \\\\ \\"chair\\";\\n),(x',NULL);
            INSERT INTO `items` VALUES (3,'😀 mug \\\\',NULL);
            /*!40000 ALTER TABLE `items` ENABLE KEYS */;
            UNLOCK TABLES;
            /*!50003 SET @saved_sql_mode       = @@sql_mode */ ;
            /*!50003 SET sql_mode              = 'STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION' */ ;
            DELIMITER ;;
            /*!50003 CREATE*/ /*!50017 DEFINER=`shop`@`%`*/ /*!50003 TRIGGER items_ai AFTER INSERT ON items FOR EACH ROW
            INSERT INTO `audit` VALUES (NEW.id, 'it''s added') */;;
            DELIMITER ;
            /*!50003 SET sql_mode              = @saved_sql_mode */ ;

            --
            -- Table structure for table `odd``name`
            --

            DROP TABLE IF EXISTS `odd``name`;
            CREATE TABLE `odd``name` (
              `n` int(11) DEFAULT NULL
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

            LOCK TABLES `odd``name` WRITE;
            INSERT INTO `odd``name` VALUES
            (1),
            (NULL);
            UNLOCK TABLES;

            --
            -- Temporary table structure for view `cheap_items`
            --

            DROP TABLE IF EXISTS `cheap_items`;
            /*!50001 DROP VIEW IF EXISTS `cheap_items`*/;
            SET @saved_cs_client     = @@character_set_client;
            SET character_set_client = utf8mb4;
            /*!50001 CREATE VIEW `cheap_items` AS SELECT
             NULL AS `id`,
             NULL AS `name` */;
            SET character_set_client = @saved_cs_client;

            --
            -- Dumping routines for database 'shop'
            --
            /*!50003 DROP PROCEDURE IF EXISTS `restock` */;
            DELIMITER ;;
            CREATE DEFINER=`shop`@`%` PROCEDURE `restock`()
            BEGIN
            INSERT INTO `items` VALUES (99,'restocked',NULL);
            END
            ;;
            DELIMITER ;

            --
            -- Final view structure for view `cheap_items`
            --

            /*!50001 DROP VIEW IF EXISTS `cheap_items`*/;
            /*!50001 CREATE ALGORITHM=UNDEFINED */
            /*!50013 DEFINER=`shop`@`%` SQL SECURITY DEFINER */
            /*!50001 VIEW `cheap_items` AS select `items`.`id` AS `id`,`items`.`name` AS `name` from `items` */;
            /*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

            /*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
            /*M!100616 SET NOTE_VERBOSITY=@OLD_NOTE_VERBOSITY */;

            -- Dump completed on 2024-06-01 12:00:00
            """;

    private static final Map<String, Long> DUMP_ROWS = Map.of("audit", 0L, "items", 3L, "odd`name", 2L);

    @Test
    void countsEveryTableOfARealLookingDumpButNotTheInsertsOfTriggersAndRoutines() throws IOException {
        assertThat(countInChunksOf(DUMP, DUMP.length())).isEqualTo(DUMP_ROWS);
    }

    @Test
    void countsTheSameWhateverBytesTheStreamSplitsItAt() throws IOException {
        assertThat(countByteByByte(DUMP)).isEqualTo(DUMP_ROWS);
        for (int chunk : new int[] {2, 3, 7, 64, 4096}) {
            assertThat(countInChunksOf(DUMP, chunk))
                    .as("in chunks of %d", chunk)
                    .isEqualTo(DUMP_ROWS);
        }
    }

    @Test
    void aRowIsAParenthesisAtDepthZeroOutsideStrings() throws IOException {
        String dump = """
                CREATE TABLE `t` (`a` text, `b` text);
                INSERT INTO `t` VALUES ('),(',')'),('\\\\','(\\\\'),('a;b','\\n(\\r\\n)'),('it''s (1)', '\\'),(\\''),\
                (CONCAT('(', ')'),NULL),(0x2829,-1.5e-3);
                """;

        assertThat(countInChunksOf(dump, dump.length())).isEqualTo(Map.of("t", 6L));
        assertThat(countByteByByte(dump)).isEqualTo(Map.of("t", 6L));
    }

    @Test
    void aColumnListBeforeValuesIsNoRow() throws IOException {
        // mariadb-dump names the columns of a table with INVISIBLE ones; mysqldump of one with generated ones.
        String dump = """
                CREATE TABLE `t` (`a` int, `b (odd)` int INVISIBLE);
                INSERT INTO `t` (`a`, `b (odd)`) VALUES (1,2),(3,4);
                INSERT INTO `t` (`a`, `b (odd)`) VALUES
                (5,6);
                """;

        assertThat(countInChunksOf(dump, dump.length())).isEqualTo(Map.of("t", 3L));
        assertThat(countByteByByte(dump)).isEqualTo(Map.of("t", 3L));
    }

    @Test
    void addsUpTheInsertsOfATableThatNetBufferLengthSplit() throws IOException {
        String dump = """
                CREATE TABLE `t` (`a` int);
                INSERT INTO `t` VALUES (1),(2),(3);
                INSERT INTO `t` VALUES (4),(5);
                INSERT INTO `t` VALUES (6);
                """;

        assertThat(countInChunksOf(dump, 5)).isEqualTo(Map.of("t", 6L));
    }

    @Test
    void aTableWithoutRowsCountsZero() throws IOException {
        String dump = "CREATE TABLE `empty` (\n  `a` int\n);\nCREATE TABLE `also empty` (`b` int);\n";

        assertThat(countInChunksOf(dump, dump.length())).isEqualTo(Map.of("empty", 0L, "also empty", 0L));
    }

    @Test
    void anInsertAtTheStartOfALineInsideACommentIsNotCounted() throws IOException {
        String dump = """
                CREATE TABLE `t` (`a` int);
                /* a comment
                INSERT INTO `t` VALUES (1);
                still the comment */
                /*!50001 CREATE VIEW `v` AS SELECT '*/
                INSERT INTO `t` VALUES (2);' AS `x` */;
                INSERT INTO `t` VALUES (3);
                """;

        assertThat(countInChunksOf(dump, dump.length())).isEqualTo(Map.of("t", 1L));
    }

    @Test
    void theBytesGoThroughUnchanged() throws IOException {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        try (DumpRowCounter counter = new DumpRowCounter(copy)) {
            counter.write(DUMP.getBytes(StandardCharsets.UTF_8));
        }

        assertThat(copy.toString(StandardCharsets.UTF_8)).isEqualTo(DUMP);
    }

    @Test
    void aDumpCutShortInsideAnInsertIsNoCount() throws IOException {
        DumpRowCounter counter = new DumpRowCounter(new ByteArrayOutputStream());
        counter.write("CREATE TABLE `t` (`a` int);\nINSERT INTO `t` VALUES (1),(2".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(counter::rowCounts)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cut short");
    }

    @Test
    void anInsertWithoutABackquotedTableIsNotTheDumpRelmanAskedFor() {
        DumpRowCounter counter = new DumpRowCounter(new ByteArrayOutputStream());

        assertThatThrownBy(() -> counter.write("INSERT INTO t VALUES (1);\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("INSERT INTO without a backquoted table name at byte 13");
    }

    private static Map<String, Long> countInChunksOf(String dump, int chunk) throws IOException {
        byte[] bytes = dump.getBytes(StandardCharsets.UTF_8);
        DumpRowCounter counter = new DumpRowCounter(new ByteArrayOutputStream());
        for (int start = 0; start < bytes.length; start += chunk) {
            counter.write(bytes, start, Math.min(chunk, bytes.length - start));
        }
        return counter.rowCounts();
    }

    private static Map<String, Long> countByteByByte(String dump) throws IOException {
        DumpRowCounter counter = new DumpRowCounter(new ByteArrayOutputStream());
        for (byte b : dump.getBytes(StandardCharsets.UTF_8)) {
            counter.write(b);
        }
        return counter.rowCounts();
    }
}
