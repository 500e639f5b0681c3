// PostGraphile v5 over daleel's tables, for benches/dashboard.rs: same database, same
// rows, compared on the same dashboard query. DATABASE_URL and PORT come from the bench.
import { createServer } from "node:http";
import { postgraphile } from "postgraphile";
import { grafserv } from "postgraphile/grafserv/node";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";
import { jsonPgSmartTags } from "postgraphile/utils";

// Citations point at any record through (subject_type, subject_id), which no foreign
// key can say; these virtual foreign keys give PostGraphile the same relations daleel
// has. Ids are UUIDs, unique across tables, so subject_id alone finds the record.
const cited = ["facility", "branch", "person", "verdict", "charge"];
const SmartTags = jsonPgSmartTags({
  version: 1,
  config: {
    class: {
      citation: {
        tags: {
          foreignKey: cited.map(
            (t) => `(subject_id) references ${t} (id)|@fieldName ${t}Subject|@foreignFieldName citations`,
          ),
        },
      },
    },
  },
});

const preset = {
  extends: [PostGraphileAmberPreset],
  plugins: [SmartTags],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      schemas: ["public"],
      poolConfig: { max: Number(process.env.POOL_SIZE ?? 10) },
    }),
  ],
  grafserv: { graphiql: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.on("error", (e) => console.error(e));
await serv.addTo(server);
const port = Number(process.env.PORT ?? 5678);
server.listen(port, "127.0.0.1", () => console.log(`postgraphile listening on ${port}`));
