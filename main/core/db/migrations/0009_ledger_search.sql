-- Finding one row by plate, VIN, company name, credit code or boiler number across ledgers and months.
-- One FTS5 row per ledger row, rowid = row id × 8 + ledger (1 矿山, 2 锅炉, 3 机动车, 4 排污许可), so no second
-- id table is needed. The trigram tokenizer serves LIKE '%…%' from the index for any substring of 3 or more
-- characters, which Chinese names need (no word breaks); shorter ones scan the stored text. detail = 'none' (no
-- positions) makes writing it a fifth cheaper and the index smaller; LIKE re-checks each candidate, so nothing is
-- lost. Ledger rows never change after import and versions are decided at query time, so only imports write here.
-- The text of each kind must match SEARCH_TEXT in main/core/db/repos/ledgerSearchRepo.ts.
CREATE VIRTUAL TABLE ledger_search USING fts5(text, tokenize = 'trigram', detail = 'none');

INSERT INTO ledger_search (rowid, text) SELECT id * 8 + 1, concat_ws(' | ', name) FROM mine_rows WHERE concat_ws('', name) != '';
INSERT INTO ledger_search (rowid, text) SELECT id * 8 + 2, concat_ws(' | ', org_name, uscc, boiler_no) FROM boiler_rows
  WHERE concat_ws('', org_name, uscc, boiler_no) != '';
INSERT INTO ledger_search (rowid, text) SELECT id * 8 + 3, concat_ws(' | ', plate, vin, owner) FROM vehicle_rows
  WHERE concat_ws('', plate, vin, owner) != '';
INSERT INTO ledger_search (rowid, text) SELECT id * 8 + 4, concat_ws(' | ', org_name, uscc, permit_no) FROM permit_rows
  WHERE concat_ws('', org_name, uscc, permit_no) != '';
