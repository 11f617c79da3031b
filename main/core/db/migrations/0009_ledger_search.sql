-- Finding one row by plate, VIN, company name, credit code or boiler number across ledgers and months.
-- One FTS5 row per ledger row, rowid = row id × 8 + ledger (1 矿山, 2 锅炉, 3 机动车, 4 排污许可), so no second
-- id table is needed. The trigram tokenizer serves LIKE '%…%' from the index for any substring of 3 or more
-- characters, which Chinese names need (no word breaks); shorter ones scan the stored text. detail = 'none' (no
-- positions) makes writing it a fifth cheaper and the index smaller; LIKE re-checks each candidate, so nothing is
-- lost. Ledger rows never change after import and versions are decided at query time, so only imports write here.
-- The text of each kind must match searchTextSql in main/core/db/repos/ledgerSearchRepo.ts (a test compares them).
CREATE VIRTUAL TABLE ledger_search USING fts5(text, tokenize = 'trigram', detail = 'none');

-- a refused row keeps what was written in raw (by field name): it is found by that too
INSERT INTO ledger_search (rowid, text)
  SELECT id * 8 + 1, t FROM (SELECT id, concat_ws(' | ', COALESCE(name, json_extract(raw, '$.name'))) AS t FROM mine_rows) WHERE t != '';
INSERT INTO ledger_search (rowid, text)
  SELECT id * 8 + 2, t FROM (SELECT id, concat_ws(' | ', COALESCE(org_name, json_extract(raw, '$.orgName')), COALESCE(uscc, json_extract(raw, '$.uscc')),
    COALESCE(boiler_no, json_extract(raw, '$.boilerNo'))) AS t FROM boiler_rows) WHERE t != '';
INSERT INTO ledger_search (rowid, text)
  SELECT id * 8 + 3, t FROM (SELECT id, concat_ws(' | ', COALESCE(plate, json_extract(raw, '$.plate')), COALESCE(vin, json_extract(raw, '$.vin')),
    COALESCE(owner, json_extract(raw, '$.owner'))) AS t FROM vehicle_rows) WHERE t != '';
INSERT INTO ledger_search (rowid, text)
  SELECT id * 8 + 4, t FROM (SELECT id, concat_ws(' | ', COALESCE(org_name, json_extract(raw, '$.orgName')), COALESCE(uscc, json_extract(raw, '$.uscc')),
    COALESCE(permit_no, json_extract(raw, '$.permitNo'))) AS t FROM permit_rows) WHERE t != '';
