/**
 * 0001: reference data from the founding text (Almaty, 7 September 2012).
 *
 * States (members, the prospective member, the states that took part in the 2011 regional conference),
 * the partner organisations, and their short display names in the seven languages of the bot.
 * Frozen: the data is inline and nothing from the application is imported.
 */
import { type Kysely, sql } from "kysely";

type Lang = "ru" | "en" | "kk" | "ky" | "tg" | "tk" | "uz";
type Names = Record<Lang, string>;

const STATES: readonly {
  code: string;
  status: "member" | "prospective" | "participant";
  timeZone: string;
  names: Names;
}[] = [
  {
    code: "KZ",
    status: "member",
    timeZone: "Asia/Almaty",
    names: {
      ru: "Казахстан",
      en: "Kazakhstan",
      kk: "Қазақстан",
      ky: "Казакстан",
      tg: "Қазоқистон",
      tk: "Gazagystan",
      uz: "Qozogʻiston",
    },
  },
  {
    code: "KG",
    status: "member",
    timeZone: "Asia/Bishkek",
    names: {
      ru: "Кыргызстан",
      en: "Kyrgyzstan",
      kk: "Қырғызстан",
      ky: "Кыргызстан",
      tg: "Қирғизистон",
      tk: "Gyrgyzystan",
      uz: "Qirgʻiziston",
    },
  },
  {
    code: "TJ",
    status: "member",
    timeZone: "Asia/Dushanbe",
    names: {
      ru: "Таджикистан",
      en: "Tajikistan",
      kk: "Тәжікстан",
      ky: "Тажикстан",
      tg: "Тоҷикистон",
      tk: "Täjigistan",
      uz: "Tojikiston",
    },
  },
  {
    code: "TM",
    status: "member",
    timeZone: "Asia/Ashgabat",
    names: {
      ru: "Туркменистан",
      en: "Turkmenistan",
      kk: "Түрікменстан",
      ky: "Түркмөнстан",
      tg: "Туркманистон",
      tk: "Türkmenistan",
      uz: "Turkmaniston",
    },
  },
  {
    code: "UZ",
    status: "prospective",
    timeZone: "Asia/Tashkent",
    names: {
      ru: "Узбекистан",
      en: "Uzbekistan",
      kk: "Өзбекстан",
      ky: "Өзбекстан",
      tg: "Ӯзбекистон",
      tk: "Özbegistan",
      uz: "Oʻzbekiston",
    },
  },
  {
    code: "AF",
    status: "participant",
    timeZone: "Asia/Kabul",
    names: {
      ru: "Афганистан",
      en: "Afghanistan",
      kk: "Ауғанстан",
      ky: "Ооганстан",
      tg: "Афғонистон",
      tk: "Owganystan",
      uz: "Afgʻoniston",
    },
  },
  {
    code: "IR",
    status: "participant",
    timeZone: "Asia/Tehran",
    names: {
      ru: "Иран",
      en: "Iran",
      kk: "Иран",
      ky: "Иран",
      tg: "Эрон",
      tk: "Eýran",
      uz: "Eron",
    },
  },
  {
    code: "RU",
    status: "participant",
    timeZone: "Europe/Moscow",
    names: {
      ru: "Российская Федерация",
      en: "Russian Federation",
      kk: "Ресей Федерациясы",
      ky: "Россия Федерациясы",
      tg: "Федератсияи Россия",
      tk: "Russiýa Federasiýasy",
      uz: "Rossiya Federatsiyasi",
    },
  },
  {
    code: "TR",
    status: "participant",
    timeZone: "Europe/Istanbul",
    names: {
      ru: "Турция",
      en: "Türkiye",
      kk: "Түркия",
      ky: "Түркия",
      tg: "Туркия",
      tk: "Türkiýe",
      uz: "Turkiya",
    },
  },
  {
    code: "AZ",
    status: "participant",
    timeZone: "Asia/Baku",
    names: {
      ru: "Азербайджан",
      en: "Azerbaijan",
      kk: "Әзірбайжан",
      ky: "Азербайжан",
      tg: "Озарбойҷон",
      tk: "Azerbaýjan",
      uz: "Ozarbayjon",
    },
  },
  {
    code: "CN",
    status: "participant",
    timeZone: "Asia/Shanghai",
    names: {
      ru: "Китай",
      en: "China",
      kk: "Қытай",
      ky: "Кытай",
      tg: "Чин",
      tk: "Hytaý",
      uz: "Xitoy",
    },
  },
];

const ORGANISATIONS: readonly { code: string; names: Names }[] = [
  {
    code: "UNHCR",
    names: {
      ru: "УВКБ ООН",
      en: "UNHCR",
      kk: "БҰҰ БЖКБ",
      ky: "БУУнун Качкындар боюнча башкармалыгы",
      tg: "Комиссариати Олии СММ оид ба гурезаҳо",
      tk: "BMG-niň Bosgunlaryň işleri baradaky Ýokary komissarynyň müdirligi",
      uz: "BMT Qochqinlar boʻyicha Oliy komissari boshqarmasi",
    },
  },
  {
    code: "IOM",
    names: {
      ru: "МОМ",
      en: "IOM",
      kk: "ХКҰ",
      ky: "Эл аралык миграция уюму",
      tg: "СБМ",
      tk: "MHG",
      uz: "XMT",
    },
  },
];

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against no schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .createTable("states")
      .addColumn("code", "text", (col) => col.primaryKey())
      .addColumn("status", "text", (col) =>
        col.notNull().check(sql`status IN ('member', 'prospective', 'participant')`),
      )
      .addColumn("time_zone", "text", (col) => col.notNull())
      .addColumn("sort_order", "integer", (col) => col.notNull())
      .execute();

    await trx.schema
      .createTable("state_names")
      .addColumn("state_code", "text", (col) => col.notNull().references("states.code"))
      .addColumn("lang", "text", (col) => col.notNull())
      .addColumn("name", "text", (col) => col.notNull())
      .addPrimaryKeyConstraint("state_names_pk", ["state_code", "lang"])
      .execute();

    await trx.schema
      .createTable("organisations")
      .addColumn("code", "text", (col) => col.primaryKey())
      .addColumn("sort_order", "integer", (col) => col.notNull())
      .execute();

    await trx.schema
      .createTable("organisation_names")
      .addColumn("org_code", "text", (col) => col.notNull().references("organisations.code"))
      .addColumn("lang", "text", (col) => col.notNull())
      .addColumn("name", "text", (col) => col.notNull())
      .addPrimaryKeyConstraint("organisation_names_pk", ["org_code", "lang"])
      .execute();

    await trx
      .insertInto("states")
      .values(
        STATES.map((s, i) => ({ code: s.code, status: s.status, time_zone: s.timeZone, sort_order: i + 1 })),
      )
      .execute();
    await trx
      .insertInto("state_names")
      .values(
        STATES.flatMap((s) =>
          Object.entries(s.names).map(([lang, name]) => ({ state_code: s.code, lang, name })),
        ),
      )
      .execute();

    await trx
      .insertInto("organisations")
      .values(ORGANISATIONS.map((o, i) => ({ code: o.code, sort_order: i + 1 })))
      .execute();
    await trx
      .insertInto("organisation_names")
      .values(
        ORGANISATIONS.flatMap((o) =>
          Object.entries(o.names).map(([lang, name]) => ({ org_code: o.code, lang, name })),
        ),
      )
      .execute();
  });
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against no schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.dropTable("organisation_names").execute();
    await trx.schema.dropTable("organisations").execute();
    await trx.schema.dropTable("state_names").execute();
    await trx.schema.dropTable("states").execute();
  });
}
