/**
 * The fonts the tally picture is drawn with: Noto Sans (regular and bold), shipped as TrueType in
 * the npm package `@expo-google-fonts/noto-sans` (the full Google Fonts build: Cyrillic with the
 * Kazakh, Kyrgyz and Tajik letters, Latin with the Turkmen and Uzbek ones, ʻ included). The
 * renderer is given these files and nothing else (no system fonts), so the picture is the same on
 * every machine; a character outside them is left blank rather than drawn in some other font.
 */
import { createRequire } from "node:module";

export const PICTURE_FONT_FAMILY = "Noto Sans";

const require = createRequire(import.meta.url);
let files: string[] | undefined;

/** Absolute paths of the picture's font files, resolved once from the installed package. */
export function pictureFontFiles(): string[] {
  files ??= [
    require.resolve("@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf"),
    require.resolve("@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf"),
  ];
  return files;
}
