package lts.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/** Team and driver names in the style of Spanish endurance grids (upper case, as Apex shows). */
final class Names {

  private static final List<String> TEAM_WORDS = List.of("KTA", "NEO LEVELAP", "CREATIA LTDL",
      "MV", "LOS EMILIOS", "CKM", "JDK", "LMKC", "KARTINGNOW", "SPARTAN", "COBRA KAI", "AVUTARDA",
      "LOS CHUFEROS", "SUMMER FEST", "TRIANA", "LOS HALCONES", "GUADALQUIVIR", "EL PUERTO",
      "LA GIRALDA", "BETIS KART", "DOS HERMANAS", "ALJARAFE", "MACARENA", "LOS PALACIOS",
      "VOLANTE DE ORO", "RAYO", "TORNADO", "LOS LINCES", "PISTA LIBRE", "GAS A FONDO", "NITRO",
      "LOS TRUENOS", "EL CHASIS", "APEX HUNTERS", "SLICKS", "LA CURVA", "VUELTA RAPIDA",
      "LOS ZORROS", "CARBONO", "PIT STOP", "LOS GALGOS", "TURBO", "ESCUDERIA SUR", "ALBERO",
      "LOS REYES DEL ASFALTO", "CHICANE", "KARTODROMO", "LOS MOSQUETEROS", "LA MAREA", "ORION");

  private static final List<String> TEAM_SUFFIXES = List.of("", "RACING", "ENDURANCE",
      "RACING TEAM", "MOTORSPORT", "SCUDERIA", "KART CLUB", "COMPETICION");

  private static final List<String> FIRST_NAMES = List.of("VALEN", "ALEX", "FRANCISCO", "MARCO",
      "GERMAN", "CARLOS", "JAIME", "RUBEN", "LOREN", "JULIO", "ALVARO", "JULIAN", "ALEJANDRO",
      "RICARDO", "VICTOR", "ROBERTO", "JAVIER", "PABLO", "MIGUEL", "JUAN", "ADRIAN", "VENTURA",
      "JORGE", "ALBERTO", "DIEGO", "DAVID", "OSCAR", "ALFONSO", "HECTOR", "LAZARO", "SERGIO",
      "LUIS", "ANTONIO", "MANUEL", "JOSE", "RAFAEL", "FERNANDO", "IVAN", "MARIO", "ANDRES",
      "LUCIA", "MARIA", "CARMEN", "LAURA", "PAULA", "ELENA", "SARA", "IRENE", "NEREA", "ANA");

  private static final List<String> SURNAMES = List.of("APARICIO", "CUBAS", "RAMIREZ",
      "CORONADO", "MU\u00d1OZ", "MARTIN", "ESPA\u00d1A", "GALLEGO", "MEJIA", "BALERIOLA", "GARRIDO",
      "MAESTRE", "FLORIDO", "JIMENEZ", "DE LOS REYES", "MATEU", "MARTINEZ", "IGLESIAS", "SANCHEZ",
      "CUEVAS", "SALCEDO", "IZCUE", "PEREZ", "MARIAN", "GUERRA", "CASADO", "VALERA", "ESCOBAR",
      "RODRIGUEZ", "LOPEZ", "GARCIA", "FERNANDEZ", "GONZALEZ", "DIAZ", "MORENO", "ROMERO",
      "NAVARRO", "TORRES", "DOMINGUEZ", "VAZQUEZ", "RAMOS", "GIL", "SERRANO", "MOLINA", "BLANCO",
      "SUAREZ", "ORTEGA", "DELGADO", "CASTRO", "ORTIZ", "RUBIO", "MARIN", "SANZ", "NU\u00d1EZ",
      "IBA\u00d1EZ", "MEDINA", "CORTES", "CASTILLO", "LOZANO", "VIGNERI");

  private Names() {
  }

  /** {@code n} distinct team names. */
  static List<String> teams(int n, SplittableRandom rng) {
    Set<String> names = new LinkedHashSet<>();
    Map<String, Integer> uses = new HashMap<>();
    while (names.size() < n) {
      String word = pick(TEAM_WORDS, rng);
      // a club may enter two teams ("NEO LEVELAP", "NEO LEVELAP RACING"), rarely more
      int limit = n <= TEAM_WORDS.size() ? 2 : 1 + (n + TEAM_WORDS.size() - 1) / TEAM_WORDS.size();
      if (uses.getOrDefault(word, 0) >= limit) {
        continue;
      }
      String suffix = names.size() < TEAM_WORDS.size() / 2 && rng.nextInt(3) == 0 ? ""
          : pick(TEAM_SUFFIXES, rng);
      if (names.add(suffix.isEmpty() ? word : word + " " + suffix)) {
        uses.merge(word, 1, Integer::sum);
      }
    }
    return new ArrayList<>(names);
  }

  /** {@code n} distinct driver names, none of them in {@code taken} (which they are added to). */
  static List<String> drivers(int n, SplittableRandom rng, Set<String> taken) {
    List<String> list = new ArrayList<>(n);
    while (list.size() < n) {
      String name = pick(FIRST_NAMES, rng);
      // a few drivers are shown by first name only, as on real grids ("LOREN", "PABLO")
      if (rng.nextInt(12) != 0) {
        name = name + " " + pick(SURNAMES, rng);
      }
      if (taken.add(name)) {
        list.add(name);
      }
    }
    return list;
  }

  private static String pick(List<String> list, SplittableRandom rng) {
    return list.get(rng.nextInt(list.size()));
  }
}
